import { benchDesk } from './desk.js';
import { benchFaults } from './faults.js';
import { benchMatcher } from './matcher.js';
import { benchTelegram, benchTelegramStaffLimited } from './telegram.js';

/**
 * `npm run bench`: every benchmark in turn, printed as JSON lines (one per benchmark) so runs can
 * be compared with a diff. Figures, not assertions: the machines are shared and noisy.
 */
const benchmarks: Record<string, () => Promise<Record<string, unknown>>> = {
  matcher: () => benchMatcher(),
  desk: () => benchDesk(),
  telegram: () => benchTelegram(),
  'telegram-staff-limited': () => benchTelegramStaffLimited(),
  // Not in the default run (it restarts processes for minutes): `npm run bench -- faults`.
  faults: () => benchFaults(),
};

const only = process.argv.slice(2);
for (const [name, run] of Object.entries(benchmarks)) {
  if (only.length > 0 ? !only.includes(name) : name === 'faults') continue;
  const result = await run();
  console.log(JSON.stringify({ bench: name, node: process.version, ...result }));
}
