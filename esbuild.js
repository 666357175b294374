// Builds every bundle SeqLab ships. One entry per bundle; each is added when its part lands.
//   node esbuild.js               build once (development: sourcemaps, no minify)
//   node esbuild.js --production  minified, as packaged
//   node esbuild.js --watch       rebuild on change
//   --metafile=FILE               also write which source files went into each bundle (npm run package
//                                 lists the bundled packages' licences from it)
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const metafile = process.argv.find((arg) => arg.startsWith('--metafile='))?.slice('--metafile='.length);

/** onnxruntime-node loads a native binding by a computed path, so it cannot be bundled. */
const nodeExternals = ['onnxruntime-node', 'onnxruntime-common', 'vscode'];

const bundles = [
  { name: 'cli', entryPoints: ['engine/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node' },
  { name: 'extension', entryPoints: ['extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node' },
  // Training runs in a worker thread, one run per worker; proposing and diagnosing configs in another.
  { name: 'trainWorker', entryPoints: ['extension/training/trainWorker.ts'], outfile: 'dist/trainWorker.js', platform: 'node' },
  { name: 'configWorker', entryPoints: ['extension/config/configWorker.ts'], outfile: 'dist/configWorker.js', platform: 'node' },
  // The panel's page: chart.js is bundled in; its style sheet import becomes dist/webview.css.
  { name: 'webview', entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
];

async function main() {
  // The WebAssembly SIMD kernels first: the bundles embed them (engine/kernels/simd/binary.generated.js).
  const { buildSimdKernels } = await import('./assembly/build.mjs');
  await buildSimdKernels();
  const contexts = await Promise.all(bundles.map(({ name, ...options }) => esbuild.context({
    bundle: true,
    format: 'cjs',
    target: 'node20',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    external: nodeExternals,
    // ESM entry points first: jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow.
    mainFields: ['module', 'main'],
    logLevel: 'warning',
    metafile: Boolean(metafile),
    ...options,
    plugins: [reportPlugin(name)],
  })));
  if (watch) {
    await Promise.all(contexts.map((context) => context.watch()));
    return;
  }
  try {
    const results = await Promise.all(contexts.map((context) => context.rebuild()));
    if (metafile) {
      const inputs = Object.fromEntries(bundles.map(({ name }, i) => [name, Object.keys(results[i].metafile.inputs)]));
      require('node:fs').writeFileSync(metafile, JSON.stringify({ inputs }, null, 1));
    }
  } finally {
    await Promise.all(contexts.map((context) => context.dispose()));
  }
}

/** Prints errors in the `$esbuild-watch` problem-matcher format. */
function reportPlugin(name) {
  return {
    name: 'report',
    setup(build) {
      build.onEnd((result) => {
        for (const { text, location } of result.errors) {
          console.error(`✘ [ERROR] ${text}`);
          if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
        }
        if (watch) console.log(`[watch] ${name} built`);
      });
    },
  };
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
