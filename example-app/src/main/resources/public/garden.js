// The garden's page: MQTT.js in the browser, over the WebSocket listener of the broker that
// serves this page. Each switch publishes a command; the state shown is only what the fountain
// handler confirms on home/garden/fountain/<n>/status (retained, so it is there at once).
const FOUNTAINS = [1, 2, 3, 4];
const client = mqtt.connect(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/mqtt`, {
  clientId: `garden-page-${Math.random().toString(16).slice(2, 10)}`,
  protocolVersion: 5,
});

const section = document.getElementById('fountains');
for (const number of FOUNTAINS) {
  const card = document.createElement('div');
  card.className = 'fountain';
  card.id = `fountain-${number}`;
  card.dataset.state = 'unknown';
  card.innerHTML = `<h3>Fountain ${number}</h3><p class="state">unknown</p><button>switch</button>`;
  card.querySelector('button').addEventListener('click', () => {
    const next = card.dataset.state === 'on' ? 'off' : 'on';
    client.publish(`home/garden/fountain/${number}`, next, { qos: 1 });
  });
  section.appendChild(card);
}

client.on('connect', () => {
  const status = document.getElementById('connection');
  status.textContent = 'connected';
  status.className = 'online';
  client.subscribe(['home/garden/fountain/+/status', 'home/garden/alerts'], { qos: 1 });
});

client.on('close', () => {
  const status = document.getElementById('connection');
  status.textContent = 'disconnected';
  status.className = 'offline';
});

client.on('message', (topic, payload) => {
  const text = payload.toString();
  const status = topic.match(/^home\/garden\/fountain\/(\d+)\/status$/);
  if (status) {
    const card = document.getElementById(`fountain-${status[1]}`);
    if (card) {
      card.dataset.state = text;
      card.querySelector('.state').textContent = text;
    }
  } else if (topic === 'home/garden/alerts') {
    const alert = JSON.parse(text);
    const item = document.createElement('li');
    item.textContent = `${alert.sensor}: ${alert.message}`;
    document.getElementById('alerts').appendChild(item);
  }
});
