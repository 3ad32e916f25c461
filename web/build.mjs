// Builds the dashboard into web/dist: one small entry (app.js) and the charts (ECharts) in a chunk
// of their own, loaded when the charts page opens; no CDN (county networks are often offline).
// `duban serve` answers the folder under /ui/ (engine/api/web_assets.*).
import * as esbuild from 'esbuild';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const started = Date.now();
await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: ['src/app.js'],
  bundle: true,
  splitting: true,
  format: 'esm',
  outdir: 'dist',
  chunkNames: 'chunk-[hash]',
  minify: true,
  target: ['chrome80', 'firefox78', 'edge88'],  // county offices' browsers are often older (360 浏览器: Chromium 86)
  legalComments: 'external',
  metafile: true,
  logLevel: 'warning',
});
for (const file of ['index.html', 'style.css', 'favicon.svg', 'sw.js']) {
  await copyFile(join(here, 'src', file), join(dist, file));
}
const pkg = JSON.parse(await readFile(join(here, 'package.json'), 'utf8'));
await writeFile(join(dist, 'build.json'),
  JSON.stringify({ name: pkg.name, echarts: pkg.dependencies.echarts }) + '\n');
const sizes = Object.entries(result.metafile.outputs)
  .map(([name, o]) => `${name.replace(/^dist\//, '')} ${(o.bytes / 1024).toFixed(0)} KiB`);
console.log(`duban: 仪表盘已构建 / dashboard built in ${Date.now() - started} ms: ${sizes.join(', ')}`);
