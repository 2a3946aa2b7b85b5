/** DevTools page: adds the "WebSockets" panel for the inspected tab. */
import browser from 'webextension-polyfill';

void browser.devtools.panels.create('WebSockets', '/extension/icons/icon-16.png', '/extension/panel.html');
