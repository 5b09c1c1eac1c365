/** Types of `agent-bundle.mjs` (the station agent bundled into `kiosk/dist/agent.mjs`). */
export declare const ROOT: string;
export declare const AGENT_ENTRY: string;
export declare const AGENT_BUNDLE: string;
export type AgentBundleState = { state: 'fresh' } | { state: 'missing' } | { state: 'stale'; newer: string };
export declare function agentBundleState(): AgentBundleState;
export declare function buildAgentBundle(): Promise<{ bundle: string; inputs: number }>;
