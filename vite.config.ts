import { defineConfig } from 'vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * One source tree, one manifest.json; each browser's manifest is derived here
 * at build time (style.md: browser differences decided at build time, in one
 * place). `vite build --mode chrome|firefox` → dist/chrome, dist/firefox.
 */
type Browser = 'chrome' | 'firefox';

/** The Firefox add-on id and the lowest version we support. */
export const GECKO_ID = 'sockscope@sockscope.dev';
// 140: the lowest that has MAIN-world content scripts (128) and passes
// `web-ext lint` with `data_collection_permissions` (browser-recipes.md).
const FIREFOX_MIN = '140.0';

function deriveManifest(browser: Browser, testBuild: boolean): ManifestV3Export {
  const base = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  // Debugger mode (Chrome only; Firefox has no debugger API). Chrome refuses `debugger` as an optional
  // permission (Chromium 156: permissions.request answers "Only permissions specified in the manifest may
  // be requested"; the permission is flagged cannot-be-optional), so the Chrome manifest lists it as
  // required; nothing attaches until the user turns the mode on for a tab (src/background/debugger-mode.ts).
  if (browser === 'chrome') return { ...base, permissions: [...(base.permissions as string[]), 'debugger'] } as unknown as ManifestV3Export;
  // Chrome-only keys. Firefox's runtime messaging always uses structured clone.
  const { minimum_chrome_version: _chromeOnly, message_serialization: _alwaysStructuredClone, background, ...rest } = base;
  const worker = (background as { service_worker: string }).service_worker;
  return {
    ...rest,
    // Firefox MV3 runs the background as an event page (scripts), not a service worker.
    background: { scripts: [worker], type: 'module' },
    // Test build only (dist/firefox-test): WebDriver BiDi refuses to navigate a tab to
    // moz-extension://, and the only way in is a 127.0.0.1 page navigating itself there,
    // which needs the panel web-accessible to it (browser-recipes.md). Never in releases.
    ...(testBuild
      ? { web_accessible_resources: [{ resources: ['extension/panel.html'], matches: ['http://127.0.0.1/*', 'http://localhost/*'] }] }
      : {}),
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: FIREFOX_MIN,
        // Sockscope sends nothing anywhere: no data collection.
        data_collection_permissions: { required: ['none'] },
      },
      // data_collection_permissions needs Firefox for Android 142 (browser-recipes.md).
      gecko_android: { strict_min_version: '142.0' },
    },
  } as unknown as ManifestV3Export;
}

export default defineConfig(({ mode }) => {
  const browser: Browser = mode === 'firefox' ? 'firefox' : 'chrome';
  const testBuild = process.env.SOCKSCOPE_TEST_BUILD === '1';
  return {
    plugins: [
      preact(),
      crx({
        manifest: deriveManifest(browser, testBuild),
        browser,
        // Both content scripts must run synchronously at document_start: crxjs would
        // otherwise emit an async loader that starts them after page scripts.
        contentScripts: { standaloneFiles: ['extension/hook.iife.ts', 'extension/relay.ts'] },
      }),
    ],
    define: {
      __SOCKSCOPE_BROWSER__: JSON.stringify(browser),
      __SOCKSCOPE_DEBUG__: JSON.stringify(process.env.SOCKSCOPE_DEBUG === '1'),
    },
    build: {
      // The Firefox test build (panel web-accessible to 127.0.0.1) never overwrites the release build.
      outDir: fileURLToPath(new URL(`./dist/${browser}${testBuild && browser === 'firefox' ? '-test' : ''}`, import.meta.url)),
      emptyOutDir: true,
      sourcemap: false,
      // Content scripts are parsed in every frame of every page: ship them small.
      minify: true,
      target: 'es2022',
      rollupOptions: {
        input: { panel: fileURLToPath(new URL('./extension/panel.html', import.meta.url)) },
      },
    },
  };
});
