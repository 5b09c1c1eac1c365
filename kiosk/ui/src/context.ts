/**
 * Narrow context slices shared by the apps' components (@lit/context): each root provides
 * only what changes together, instead of one state object passed everywhere.
 */
import { createContext } from '@lit/context';
import type { HubState, Lang, PrinterState, Station } from './data/types.ts';

/** The display language, zh by default. */
export const langContext = createContext<Lang>(Symbol('xz-lang'));
/** Station facts from /api/station (undefined until loaded). */
export const stationContext = createContext<Station | undefined>(Symbol('xz-station'));
/** Live printer state. */
export const printerContext = createContext<PrinterState>(Symbol('xz-printer'));
/** Live hub link state. */
export const hubContext = createContext<HubState>(Symbol('xz-hub'));
