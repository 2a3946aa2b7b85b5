// Unit tests import this instead of webextension-polyfill (see vitest.config.ts).
export { fakeBrowser as default } from '@webext-core/fake-browser';
