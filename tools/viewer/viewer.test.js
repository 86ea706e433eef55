// viewer.test.js - the step viewer (common/viewer.html) in headless
// Chromium: diagrams/index.html as `make demo` writes it, and the page a
// student's own `phaseN --frames DIR` run writes.  Every page is opened
// from file:// with every other request refused, so it works offline.
// Run by tests/viewer.bats: node --test tools/viewer/viewer.test.js
// (HC_ROOT: the course's tree; HC_BIN: where the phase programs are).
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { launchBrowser } = require('./browser');

const root = process.env.HC_ROOT || path.resolve(__dirname, '../..');
const bin = process.env.HC_BIN || root;
let browser;

test.before(async () => { browser = await launchBrowser(); });
test.after(async () => { await browser.close(); });

// open(FILE, HASH): a page on FILE, offline; its errors are collected.
async function open(file, hash = '') {
    const page = await browser.newPage();
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(e.message));
    await page.setRequestInterception(true);
    page.on('request', (r) => (r.url().startsWith('file://') ? r.continue() : r.abort()));
    await page.goto(`file://${file}${hash}`);
    return page;
}
const text = (page, sel) => page.$eval(sel, (e) => e.textContent);
const where = (page) => text(page, '#where');
const hash = (page) => page.evaluate(() => location.hash);
const gallery = path.join(root, 'diagrams', 'index.html');

test('the table of contents lists every phase and links each picture', async () => {
    const page = await open(gallery);
    const names = await page.$$eval('nav h2', (hs) => hs.map((h) => h.textContent));
    assert.deepStrictEqual(names, ['phase1: phase1/demo.hc', 'phase2: phase2/demo.hc',
        'phase3: phase3/demo.hc', 'phase4: phase4/demo.hc', 'phase5: phase5/demo.hc']);
    const frames = fs.readFileSync(path.join(root, 'diagrams/phase3/frames.txt'), 'utf8')
        .trim().split('\n').map((l) => l.split('\t'));
    const links = await page.$$eval('nav a[href^="#phase3/"]',
        (as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
    // one link a frame, named by its step and command, then the steps after the last one
    frames.forEach(([name, command], i) => {
        const n = Number(name.slice(0, 3));
        assert.deepStrictEqual(links[i + 1], [`#phase3/${n}`, `step ${n}: ${command}`]);
    });
    assert.match(links[links.length - 1][1], /^after step \d+ \(picture unchanged\)$/);
    assert.deepStrictEqual(page.errors, []);
    await page.close();
});

test('a link to a step opens it, with its command, output and narration', async () => {
    const page = await open(gallery, '#phase3/12');
    assert.strictEqual(await where(page), 'phase3: picture 6 of 9, step 12');
    const steps = await text(page, '#steps');
    assert.match(steps, /step 12 \(line \d+\):\s*free b/);
    assert.match(steps, /b: freed/);                       // what it printed
    assert.match(steps, /4\. Freeing marks a block free/);               // the demo's echo narration
    assert.match(steps, /no change to the picture/);       // a step that drew nothing
    assert.strictEqual(await page.$eval('#picture svg title', (t) => t.textContent), 'heap');
    assert.match(await text(page, '#picture svg'), /phase3, step 12: free b/);
    await page.close();
});

test('the arrow keys and the buttons step through every phase in order', async () => {
    const page = await open(gallery, '#phase3/9');
    await page.keyboard.press('ArrowRight');
    assert.strictEqual(await hash(page), '#phase3/12');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    assert.strictEqual(await hash(page), '#phase3/8');
    await page.click('#next');
    assert.strictEqual(await hash(page), '#phase3/9');
    // the last picture of phase 2 leads to the first of phase 3
    await page.goto(`file://${gallery}#phase3/2`);
    await page.reload();
    await page.click('#prev');
    assert.match(await hash(page), /^#phase2\/\d+$/);
    // the very first has no previous
    await page.goto(`file://${gallery}#phase1/2`);
    await page.reload();
    assert.strictEqual(await page.$eval('#prev', (b) => b.disabled), true);
    await page.close();
});

test('predict mode shows the next command and hides its picture and output until asked', async () => {
    const page = await open(gallery, '#phase3/9');
    await page.click('#predict');
    await page.keyboard.press('ArrowRight');
    assert.strictEqual(await hash(page), '#phase3/12');
    assert.match(await text(page, '#steps'), /free b/);
    assert.strictEqual(await page.$('#picture svg'), null);
    assert.strictEqual(await page.$('#steps pre'), null);
    assert.match(await text(page, '#picture'), /Predict/);
    assert.strictEqual(await page.$eval('#reveal', (b) => b.hidden), false);
    await page.keyboard.press('Space');
    assert.notStrictEqual(await page.$('#picture svg'), null);
    assert.match(await text(page, '#steps'), /b: freed/);
    assert.strictEqual(await page.$eval('#reveal', (b) => b.hidden), true);
    // going back shows what is known already
    await page.keyboard.press('ArrowLeft');
    assert.notStrictEqual(await page.$('#picture svg'), null);
    // and the button reveals too
    await page.keyboard.press('ArrowRight');
    await page.click('#reveal');
    assert.notStrictEqual(await page.$('#picture svg'), null);
    await page.close();
});

test('the cells that changed since the previous picture are outlined, and only those', async () => {
    const page = await open(gallery, '#phase3/12');
    // free b: b's data cell turns free, page 1's title and the free list change
    const changed = await page.$$eval('#picture rect.hc-changed', (rs) => rs.map((r) => {
        const b = r.getBBox();
        const texts = [...r.parentNode.querySelectorAll('text')].filter((t) => {
            const tb = t.getBBox();
            const x = tb.x + tb.width / 2, y = tb.y + tb.height / 2;
            return x > b.x && x < b.x + b.width && y > b.y && y < b.y + b.height;
        });
        return texts.map((t) => t.textContent).join(' ');
    }));
    assert.ok(changed.includes('free 1200'), changed.join(' | '));
    assert.ok(!changed.includes('a 1200'), 'a did not change');
    assert.ok(!changed.includes('header 48'), 'the headers did not change');
    // the first picture of a demo has nothing to compare with
    await page.goto(`file://${gallery}#phase1/2`);
    await page.reload();
    assert.strictEqual(await page.$$eval('#picture rect.hc-changed', (rs) => rs.length), 0);
    await page.close();
});

test('every picture of a demo is drawn at one scale, which the zoom changes for all', async () => {
    const page = await open(gallery, '#phase1/2');
    const scale = () => page.$eval('#picture svg', (s) =>
        s.getBoundingClientRect().width / s.viewBox.baseVal.width);
    const first = await scale();
    await page.goto(`file://${gallery}#phase1/17`); // a wide one
    await page.reload();
    assert.ok(Math.abs(await scale() - first) < 0.01);
    // wider than the window: it scrolls (pan) instead of shrinking
    assert.ok(await page.$eval('#frame', (f) => f.scrollWidth > f.clientWidth ||
        f.querySelector('svg').getBoundingClientRect().width <= f.clientWidth));
    await page.keyboard.press('+');
    assert.ok(Math.abs(await scale() - first * 1.25) < 0.01);
    await page.keyboard.press('ArrowRight');
    assert.ok(Math.abs(await scale() - first * 1.25) < 0.01, 'the zoom holds for the next');
    await page.close();
});

test("a student's own run with --frames gets the same viewer in its directory", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-viewer-'));
    const script = path.join(dir, 'mine.hc');
    fs.writeFileSync(script, 'echo "my first page"\np = pages 1\nstats\nq = pages 2\nunmap p\n');
    execFileSync(path.join(bin, 'phase1/phase1'), ['--frames', path.join(dir, 'f'), script],
        { stdio: 'ignore' });
    const page = await open(path.join(dir, 'f/index.html'));
    assert.strictEqual(await where(page), 'phase1: picture 1 of 3, step 2');
    assert.match(await text(page, '#steps'), /my first page/);
    await page.keyboard.press('ArrowRight');
    assert.strictEqual(await hash(page), '#phase1/4');
    assert.match(await text(page, '#steps'), /stats/);
    assert.ok(await page.$$eval('#picture rect.hc-changed', (rs) => rs.length) > 0);
    assert.deepStrictEqual(page.errors, []);
    await page.close();
    fs.rmSync(dir, { recursive: true, force: true });
});
