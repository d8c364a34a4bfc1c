// Drives the garden page in Debian's Chromium, headless:
//   node garden-page.mjs <http port> <mqtt port>
// 1. the page connects to the broker over WebSocket and shows the fountains;
// 2. a click on fountain 2's switch goes browser -> broker -> handler -> broker -> browser, and the
//    page shows the state the handler confirmed;
// 3. a second MQTT.js client in the page subscribes with a wildcard at QoS 1 and receives a QoS 1
//    message that mosquitto_pub publishes over TCP.
// Prints one JSON line with what it saw; exits non-zero, saying why, when a step fails.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';

const [httpPort, mqttPort] = process.argv.slice(2);
const url = `http://127.0.0.1:${httpPort}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await page.waitForSelector('#connection.online', { timeout: 10000 });

  await page.click('#fountain-2 button');
  await page.waitForSelector('#fountain-2[data-state="on"]', { timeout: 10000 });
  const shown = await page.textContent('#fountain-2 .state');

  const received = page.evaluate(() => new Promise((resolve, reject) => {
    const listener = mqtt.connect(`ws://${location.host}/mqtt`, { clientId: 'wildcard-listener' });
    const timer = setTimeout(() => reject(new Error('no message within 10 s')), 10000);
    listener.on('connect', () => listener.subscribe('home/garden/test/#', { qos: 1 }, (err) => {
      if (err) reject(err); else window.listenerReady = true;
    }));
    listener.on('message', (topic, payload, packet) => {
      clearTimeout(timer);
      resolve({ topic, payload: payload.toString(), qos: packet.qos });
      listener.end();
    });
  }));
  await page.waitForFunction(() => window.listenerReady === true, null, { timeout: 10000 });
  execFileSync('mosquitto_pub', ['-p', mqttPort, '-t', 'home/garden/test/tcp', '-q', '1', '-m', 'from tcp']);
  const message = await received;

  if (errors.length > 0) {
    throw new Error(`errors on the page: ${errors.join('; ')}`);
  }
  console.log(JSON.stringify({ fountain2: shown, message }));
} finally {
  await browser.close();
}
