// The status page: reads status.json (the same meters as /metrics, sampled by the server every 2 s
// for the 15-minute history) every 2 s, and draws it with uPlot. window.fountainStatus holds what
// the page has shown, for the browser test and for anyone curious in the console.
(() => {
  const state = { updates: 0, last: null, error: null };
  window.fountainStatus = state;
  const width = () => Math.min(640, Math.max(320, window.innerWidth / 2 - 60));
  const chart = (element, series) => new uPlot({
    width: width(), height: 220,
    scales: { x: { time: true } },
    series: [{}, ...series.map(([label, stroke]) => ({ label, stroke, width: 2, points: { show: false } }))],
    axes: [{}, { size: 60 }],
  }, [[], ...series.map(() => [])], document.getElementById(element));
  const rates = chart('rates-chart', [['in', '#0969da'], ['out', '#1a7f37']]);
  const clients = chart('clients-chart', [['clients', '#8250df']]);
  state.charts = { rates, clients };

  const text = (id, value) => { document.getElementById(id).textContent = value; };
  const number = (value, digits = 0) => Number(value).toLocaleString('en', { maximumFractionDigits: digits });
  const duration = (seconds) => {
    const d = Math.floor(seconds / 86400), h = Math.floor(seconds / 3600) % 24, m = Math.floor(seconds / 60) % 60;
    return `up ${d ? d + ' d ' : ''}${h ? h + ' h ' : ''}${m} min ${seconds % 60} s`;
  };
  const cell = (row, value, bad) => {
    const td = row.insertCell();
    td.textContent = value;
    if (bad) td.className = 'bad';
  };

  function show(status) {
    text('version', `version ${status.version}`);
    text('uptime', duration(status.uptime));
    for (const id of ['clients', 'connections', 'subscriptions', 'retained', 'inflight', 'queued']) {
      text(id, number(status[id]));
    }
    const h = status.history;
    const last = (values) => (values.length ? values[values.length - 1] : 0);
    text('rate-in', number(last(h.in), 1));
    text('rate-out', number(last(h.out), 1));
    rates.setData([h.t, h.in, h.out]);
    clients.setData([h.t, h.clients]);

    const routes = document.querySelector('#routes tbody');
    if (status.routes.length) {
      routes.replaceChildren();
      for (const route of status.routes) {
        const row = routes.insertRow();
        row.dataset.handler = route.handler;
        cell(row, route.handler);
        cell(row, route.route);
        cell(row, number(route.rate, 1));
        cell(row, number(route.latencyMs, 2));
        cell(row, number(route.invocations));
        cell(row, number(route.errors), route.errors > 0);
        cell(row, number(route.queued));
      }
    }
    const dropped = document.querySelector('#dropped tbody');
    dropped.replaceChildren();
    for (const [reason, count] of Object.entries(status.dropped)) {
      const row = dropped.insertRow();
      row.dataset.reason = reason;
      cell(row, reason.replace('_', ' '));
      cell(row, number(count), count > 0);
    }
  }

  async function refresh() {
    try {
      const response = await fetch('status.json', { cache: 'no-store' });
      if (!response.ok) throw new Error(`status.json: HTTP ${response.status}`);
      const status = await response.json();
      show(status);
      state.last = status;
      state.updates += 1;
      state.error = null;
      document.getElementById('state').className = 'online';
      text('state', 'live');
    } catch (error) {
      state.error = String(error);
      document.getElementById('state').className = 'offline';
      text('state', 'not answering');
    }
  }
  refresh();
  setInterval(refresh, 2000);
})();
