// browser.js - starts the headless Chromium every browser check uses:
// Debian's chromium (CHROMIUM=path to choose another), driven by the
// pinned puppeteer-core of package-lock.json, which downloads nothing.
'use strict';

const fs = require('fs');
const puppeteer = require('puppeteer-core');

function chromiumPath() {
    const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser']
        .filter(Boolean);
    const found = candidates.find((p) => fs.existsSync(p));
    if (!found) {
        throw new Error('no Chromium: install Debian\'s chromium (sh tools/deps.sh check chromium)');
    }
    return found;
}

async function launchBrowser() {
    return puppeteer.launch({
        executablePath: chromiumPath(),
        headless: true,
        // --no-sandbox: Chromium's own sandbox needs user namespaces that
        // a root shell or a container may not give; the pages are ours.
        args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'],
    });
}

module.exports = { launchBrowser, chromiumPath };
