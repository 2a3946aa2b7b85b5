/** Replaced by vite.config.ts at build time. */
declare const __SOCKSCOPE_BROWSER__: 'chrome' | 'firefox';
