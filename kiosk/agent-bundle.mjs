/**
 * The station agent as one JavaScript file: `kiosk/src/server.ts` and the workspace code it uses
 * (`@xz/shared`, `@xz/firmware-config`) bundled by esbuild into `kiosk/dist/agent.mjs`, which
 * `npm run agent` runs with plain Node (no TypeScript loader in the process). Packages from
 * node_modules stay outside the bundle and load as they are (native serial port and LevelDB
 * bindings, PouchDB, Fastify and its plugins' own files).
 *
 *   node kiosk/agent-bundle.mjs              build (`npm run build:agent`, part of `npm run build`)
 *   node kiosk/agent-bundle.mjs --if-needed  build only when the bundle is missing or older than a
 *                                            file it was built from (before `npm run agent`)
 *
 * Plain JavaScript so that the check before each start needs no TypeScript loader.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const AGENT_ENTRY = join(ROOT, 'kiosk/src/server.ts');
export const AGENT_BUNDLE = join(ROOT, 'kiosk/dist/agent.mjs');
/** The files the bundle was built from (paths relative to the repository), written beside it. */
const INPUTS_FILE = join(ROOT, 'kiosk/dist/agent.inputs.json');

/**
 * Whether the bundle can run as built: `fresh`, `missing`, or `stale` with the first input file
 * changed (or removed) since the bundle was written.
 * @returns {{ state: 'fresh' } | { state: 'missing' } | { state: 'stale', newer: string }}
 */
export function agentBundleState() {
  let builtAt;
  let inputs;
  try {
    builtAt = statSync(AGENT_BUNDLE).mtimeMs;
    inputs = JSON.parse(readFileSync(INPUTS_FILE, 'utf8'));
  } catch {
    return { state: 'missing' };
  }
  for (const input of inputs) {
    let changedAt;
    try {
      changedAt = statSync(join(ROOT, input)).mtimeMs;
    } catch {
      return { state: 'stale', newer: input };
    }
    if (changedAt > builtAt) return { state: 'stale', newer: input };
  }
  return { state: 'fresh' };
}

/** Bare imports (node_modules packages) stay imports; workspace packages (`@xz/…`) are bundled. */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@xz/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/**
 * `import.meta.url` (and `dirname`, `filename`) keep naming the source file each module was
 * written in, relative to the bundle, so files found next to the sources (printer profiles, the
 * built station pages, the demo station file) are found from the bundle as well.
 */
const sourceLocations = {
  name: 'source-locations',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.')) return undefined;
      const fromBundle = relative(dirname(AGENT_BUNDLE), args.path).split('\\').join('/');
      const url = `new URL(${JSON.stringify(fromBundle)}, import.meta.url)`;
      let contents = text.replaceAll('import.meta.url', `${url}.href`);
      if (/import\.meta\.(filename|dirname)/.test(contents)) {
        contents = `import { fileURLToPath as __sourcePath } from 'node:url';\n${contents
          .replaceAll('import.meta.filename', `__sourcePath(${url})`)
          .replaceAll('import.meta.dirname', `__sourcePath(new URL('.', ${url})).replace(/[\\\\/]$/, '')`)}`;
      }
      return { contents, loader: 'ts' };
    });
  },
};

/** Builds the bundle; written under temporary names and renamed, so a reader never sees half a file. */
export async function buildAgentBundle() {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [AGENT_ENTRY],
    outfile: AGENT_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Function and class names as written, for logs and error stacks.
    keepNames: true,
    sourcemap: 'linked',
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'warning',
    plugins: [externalPackages, sourceLocations],
  });
  mkdirSync(dirname(AGENT_BUNDLE), { recursive: true });
  const suffix = `.${process.pid}.tmp`;
  const inputs = Object.keys(result.metafile.inputs).map((p) => p.split('\\').join('/'));
  writeFileSync(INPUTS_FILE + suffix, `${JSON.stringify(inputs, null, 1)}\n`);
  renameSync(INPUTS_FILE + suffix, INPUTS_FILE);
  // The map first: the bundle's time is the one compared with its inputs.
  const files = [...result.outputFiles].sort((a) => (a.path.endsWith('.map') ? -1 : 1));
  for (const file of files) {
    writeFileSync(file.path + suffix, file.contents);
    renameSync(file.path + suffix, file.path);
  }
  return { bundle: AGENT_BUNDLE, inputs: inputs.length };
}

async function main() {
  const ifNeeded = process.argv.includes('--if-needed');
  const before = agentBundleState();
  if (ifNeeded && before.state === 'fresh') return;
  if (ifNeeded) {
    const why = before.state === 'missing' ? 'missing' : `older than ${before.newer}`;
    console.error(`building the station agent (kiosk/dist/agent.mjs ${why})…`);
  }
  try {
    const { inputs } = await buildAgentBundle();
    if (!ifNeeded) console.log(`kiosk/dist/agent.mjs built from ${inputs} files`);
  } catch (error) {
    // A bundle that exists still runs (e.g. an installation on a read-only disk).
    if (ifNeeded && before.state === 'stale') {
      console.error(`building the station agent failed; starting the existing bundle: ${error.message}`);
      return;
    }
    console.error(`building the station agent failed: ${error.message}`);
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
