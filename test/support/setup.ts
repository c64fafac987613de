import { afterEach } from 'vitest';
import { removeTempDirs } from '../helpers.js';

// A setup file runs before every test file, even where test files share their modules (isolate:
// false), so the hook is registered in each file; one in helpers.ts would only be in the first.
afterEach(removeTempDirs);
