import js from '@eslint/js';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import tseslint from 'typescript-eslint';

/*
 * Who may import whom (DESIGN.md §3).
 *
 * Every restriction below is ESLint's own `no-restricted-imports`, registered once per restriction
 * under its own name (`layers/<name>`), so that each has its own files, severity and message. One
 * `no-restricted-imports` cannot hold them: flat config does not merge a rule's options across
 * blocks, the last block matching a file wins, so src/faq/matcher.ts (a feature and pure) would
 * silently lose one of its two restrictions. typescript-eslint gets ESLint's rules the same way.
 *
 * The patterns match what the import says, not the file it resolves to: a relative path is judged
 * by how far it climbs from where the importing file sits. `import()` and `require()` are not seen;
 * src/ uses `import()` only in the composition root (cli.ts, platforms.ts).
 */
const restrictedImports = builtinRules.get('no-restricted-imports');
const layers = {
  rules: Object.fromEntries(
    [
      'channel-libraries',
      'store-libraries',
      'core-self-contained',
      'pure-no-io',
      'features-not-channels',
      'channels-not-features',
      'store-ports',
      'web-libraries',
    ].map((name) => [name, restrictedImports]),
  ),
};

/** A relative import that climbs `levels` folders or more (`../../` for 2). */
const climbs = (levels) => `^(\\.\\./){${levels}}`;
/** A relative import, from any depth, of the top-level folder or file `names` of src/. */
const srcEntry = (names) => `^(\\./|(\\.\\./)+)(${names.join('|')})(/|\\.js$|\\.ts$|$)`;

const FEATURES = [
  'src/faq/**',
  'src/tickets/**',
  'src/staff/**',
  'src/announcements/**',
  'src/links/**',
  'src/web/**',
  'src/survey/**',
  'src/incidents/**',
  'src/reports/**',
];
const PURE = [
  'src/core/**',
  'src/faq/matcher.ts',
  'src/faq/normalise.ts',
  'src/tickets/lifecycle.ts',
  'src/survey/analysis.ts',
  'src/survey/period.ts',
  'src/survey/report.ts',
  'src/incidents/lifecycle.ts',
  'src/incidents/commands.ts',
  'src/incidents/systems.ts',
  'src/incidents/report.ts',
];

/** One restriction: `layers/<name>` on `files` (less `ignores`). */
function restrict(name, { files, ignores = [], patterns }) {
  return { files, ignores, rules: { [`layers/${name}`]: ['error', { patterns }] } };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'src/store/migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },

  { plugins: { layers } },
  restrict('channel-libraries', {
    files: ['src/**'],
    ignores: ['src/channels/**'],
    patterns: [
      {
        // The web chat channel's Fastify plugins are in the web-libraries rule below.
        regex: '^(grammy|@grammyjs/[^/]+|@whiskeysockets/baileys)(/|$)',
        message:
          'Only src/channels/ imports grammy, @grammyjs/* and Baileys: the rest of the desk speaks ' +
          'InboundMessage and OutboundMessage (src/core/channel.ts), not a platform API.',
      },
    ],
  }),
  restrict('store-libraries', {
    files: ['src/**'],
    ignores: ['src/store/**'],
    patterns: [
      {
        regex: '^(drizzle-orm|drizzle-kit|better-sqlite3|node:sqlite)(/|$)',
        message:
          'Only src/store/ imports drizzle-orm and better-sqlite3: everything else uses the repositories ' +
          'and the domain types.',
      },
    ],
  }),
  // src/core/ at each depth: from src/core/x.ts `../` leaves core, from src/core/catalogue/x.ts `../../` does.
  ...[0, 1, 2, 3].map((depth) =>
    restrict('core-self-contained', {
      files: [`src/core/${'*/'.repeat(depth)}*.ts`],
      patterns: [
        {
          regex: climbs(depth + 1),
          message:
            'src/core/ imports nothing outside src/core/ (no feature, store, channel or config). ' +
            'Import a core sibling as ./x.js, not through ../core/.',
        },
      ],
    }),
  ),
  restrict('pure-no-io', {
    files: PURE,
    patterns: [
      {
        regex:
          '^(node:)?(fs|net|http|https|http2|child_process|dgram|dns|tls|cluster|worker_threads|readline|repl|' +
          'inspector|process|sqlite)(/|$)',
        allowTypeImports: true,
        message:
          'This module is pure: no I/O (file system, network, processes, terminal). ' +
          'Take what it needs from the caller; type-only imports are fine.',
      },
      {
        regex: '^(pino|pino-[^/]+|sonic-boom|thread-stream|undici|node-fetch|axios|ws|qrcode-terminal)(/|$)',
        allowTypeImports: true,
        message:
          'This module is pure: no logger output, log transport or network client. ' +
          'Take a Logger (import type) or another port from the caller.',
      },
    ],
  }),
  restrict('features-not-channels', {
    files: [...FEATURES, 'src/desk.ts'],
    patterns: [
      {
        regex: srcEntry(['channels']),
        message:
          'Features and the desk never import src/channels/: they see a channel only through the port ' +
          'in src/core/channel.ts.',
      },
    ],
  }),
  restrict('channels-not-features', {
    files: ['src/channels/**'],
    patterns: [
      {
        // Later features (survey, reports, incidents) belong in this list too.
        regex: srcEntry(['faq', 'tickets', 'staff', 'announcements', 'links', 'survey', 'desk']),
        message:
          'Channels never import a feature (src/faq, src/tickets, src/staff, src/announcements, src/links) or src/desk.ts: ' +
          'they pass InboundMessages to the handler they are given and send OutboundMessages.',
      },
    ],
  }),
  restrict('store-ports', {
    files: [...FEATURES, 'src/channels/**'],
    // The channel registry is wiring: it hands each adapter the few repositories it uses.
    ignores: ['src/channels/index.ts'],
    patterns: [
      {
        regex: '^(\\./|(\\.\\./)+)store(/index(\\.js|\\.ts)?)?$',
        message:
          'Features and channels import the repository they use (e.g. ../store/faq.js), not the whole Store ' +
          'from store/index.js: dependencies hold only the ports they use. Only the desk and the composition ' +
          'root see the whole Store.',
      },
    ],
  }),
  restrict('web-libraries', {
    files: ['src/**'],
    // The microsite, and the web chat channel that mounts its routes on the microsite's server.
    ignores: ['src/web/**', 'src/channels/web/**'],
    patterns: [
      {
        regex: '^(fastify|@fastify/[^/]+|preact|preact-render-to-string|marked|sanitize-html|feed)(/|$)',
        message:
          'Only src/web/ (and the web channel) imports the web framework and the page libraries: the rest of the desk ' +
          'knows nothing of HTTP or HTML.',
      },
    ],
  }),
);
