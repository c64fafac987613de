// Compiles src/ to dist/ and copies what the compiled code reads beside itself (the SQL migrations).
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import process from 'node:process';

const require = createRequire(import.meta.url);
rmSync('dist', { recursive: true, force: true });
// `--no-check` only emits (the tests use it; `npm run check` type-checks the same code).
const noCheck = process.argv.includes('--no-check') ? ['--noCheck'] : [];
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', ...noCheck], {
  stdio: 'inherit',
});
cpSync('src/store/migrations', 'dist/store/migrations', { recursive: true });
