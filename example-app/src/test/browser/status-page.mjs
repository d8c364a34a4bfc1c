// Drives the status page at /fountain/ in Debian's Chromium, headless, while the test puts a small
// load on the application:
//   node status-page.mjs <http port> <screenshot path>
// 1. the page loads its data (status.json) and shows the broker's numbers;
// 2. its numbers move: the messages received grow between two updates, and the handler's row
//    counts more handled messages;
// 3. both uPlot charts have data points and paint pixels on their canvas;
// 4. the handler row of Sensors#reading shows a rate, and the invalid readings as errors.
// Writes a screenshot, prints one JSON line with what it saw; exits non-zero, saying why, when a step fails.
import { chromium } from 'playwright-core';

const [httpPort, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`http://127.0.0.1:${httpPort}/fountain/`);
  await page.waitForFunction(() => window.fountainStatus && window.fountainStatus.updates >= 1, null,
    { timeout: 10000 });
  const first = await page.evaluate(() => window.fountainStatus.last);

  // The server samples every 2 s: wait for two more points and for the counts to have grown.
  await page.waitForFunction((before) => {
    const s = window.fountainStatus.last;
    const row = s.routes.find((r) => r.handler === 'Sensors#reading');
    return s.history.t.length >= before.history.t.length + 2 && s.received > before.received
      && row && row.invocations > 0 && row.rate > 0 && row.errors > 0;
  }, first, { timeout: 30000, polling: 250 });
  // One more refresh so the rows on screen are those of the last data.
  const updates = await page.evaluate(() => window.fountainStatus.updates);
  await page.waitForFunction((n) => window.fountainStatus.updates > n, updates, { timeout: 10000 });

  const seen = await page.evaluate(() => {
    const s = window.fountainStatus;
    const painted = (chart) => {
      const canvas = chart.root.querySelector('canvas');
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
      return inked;
    };
    const rates = s.charts.rates;
    const row = document.querySelector('#routes tr[data-handler="Sensors#reading"]');
    return {
      updates: s.updates,
      received: s.last.received,
      points: rates.data[0].length,
      lastRateIn: rates.data[1][rates.data[1].length - 1],
      chartsDrawn: rates.data[0].length >= 2 && painted(rates) > 500 && painted(s.charts.clients) > 500,
      row: row ? [...row.cells].map((cell) => cell.textContent) : null,
      route: s.last.routes.find((r) => r.handler === 'Sensors#reading'),
      clients: document.getElementById('clients').textContent,
    };
  });
  await page.screenshot({ path: screenshot, fullPage: true });

  if (errors.length > 0) throw new Error(`errors on the page: ${errors.join('; ')}`);
  if (!seen.chartsDrawn) throw new Error(`the charts did not draw: ${JSON.stringify(seen)}`);
  if (!seen.row || seen.row[0] !== 'Sensors#reading' || seen.row[1] !== 'home/garden/sensors/+') {
    throw new Error(`no row for Sensors#reading: ${JSON.stringify(seen)}`);
  }
  if (seen.received <= first.received) throw new Error(`the numbers did not move: ${JSON.stringify(seen)}`);
  console.log(JSON.stringify({ ...seen, handler: seen.route.handler, firstReceived: first.received }));
} finally {
  await browser.close();
}
