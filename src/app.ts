import type { Config } from './config.js';
import type { Clock } from './core/clock.js';
import type { Logger } from './core/log.js';
import { createRouter, type Feature, type Router } from './core/router.js';
import { createDesk, type Desk } from './desk.js';
import { openStore, type Store } from './store/index.js';

export interface App {
  config: Config;
  store: Store;
  router: Router;
  desk: Desk;
  close(): void;
}

export interface AppDeps {
  config: Config;
  clock: Clock;
  log: Logger;
}

/**
 * Everything channel-independent, wired once: the store (migrated), the features and the desk.
 * Channels and dispatchers are attached by the caller (main, tests, benchmarks).
 */
export function createApp({ config, clock, log }: AppDeps): App {
  const store = openStore(config.databasePath);
  try {
    const features: Feature[] = [];
    const router = createRouter(features);
    const desk = createDesk({ store, router, clock, log });
    return { config, store, router, desk, close: () => store.close() };
  } catch (err) {
    store.close();
    throw err;
  }
}
