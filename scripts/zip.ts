/**
 * `npm run zip`: packs dist/chrome and dist/firefox for their stores into
 * dist/sockscope-<browser>-<version>.zip, with web-ext's packager (already a
 * dev dependency for linting; it writes plain zips).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
for (const browser of ['chrome', 'firefox']) {
  const out = join(root, 'dist', `sockscope-${browser}-${version}.zip`);
  rmSync(out, { force: true });
  const tmp = join(root, 'dist', `.zip-${browser}`);
  execFileSync(
    'npx',
    ['web-ext', 'build', '--source-dir', join(root, 'dist', browser), '--artifacts-dir', tmp, '--overwrite-dest', '--filename', 'out.zip'],
    { stdio: 'inherit' },
  );
  renameSync(join(tmp, 'out.zip'), out);
  rmSync(tmp, { recursive: true, force: true });
  console.log(`wrote ${out}`);
}
