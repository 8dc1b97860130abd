// Builds the dashboard into one folder that `strikeline serve --web-root` serves:
//   OUT/index.html                 (no-cache: revalidated on every load)
//   OUT/assets/main-HASH.js|.css   (content-hashed names: cacheable for a year)
// Usage: node build.mjs [OUT]   (default ../build/web). The folder is replaced atomically, so a
// running server never sees half a build.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] ?? path.join(here, '..', 'build', 'web'));
const staging = `${out}.staging-${process.pid}`;
fs.rmSync(staging, { recursive: true, force: true });

const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: { main: 'src/main.js', style: 'src/styles.css' },
  bundle: true,
  format: 'esm',
  target: ['es2020'],
  minify: true,
  sourcemap: 'linked',
  legalComments: 'eof',
  entryNames: 'assets/[name]-[hash]',
  outdir: staging,
  metafile: true,
  logLevel: 'warning',
});

const outputOf = (entry) => {
  for (const [file, info] of Object.entries(result.metafile.outputs)) {
    if (info.entryPoint === entry) return '/' + path.relative(staging, path.resolve(here, file));
  }
  throw new Error(`no output for ${entry}`);
};
const html = fs
  .readFileSync(path.join(here, 'src', 'index.html'), 'utf8')
  .replaceAll('%MAIN_JS%', outputOf('src/main.js'))
  .replaceAll('%STYLE_CSS%', outputOf('src/styles.css'));
fs.writeFileSync(path.join(staging, 'index.html'), html);

// Swap the new build in: rename is atomic within a file system.
const old = `${out}.old-${process.pid}`;
fs.mkdirSync(path.dirname(out), { recursive: true });
if (fs.existsSync(out)) fs.renameSync(out, old);
fs.renameSync(staging, out);
fs.rmSync(old, { recursive: true, force: true });
console.log(`dashboard built into ${out}`);
