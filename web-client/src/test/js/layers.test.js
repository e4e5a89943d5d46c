/**
 * The layers of web-client/README.md ("Modules"), checked over the import graph and the code
 * (comments left out) of every module under js/. A module that reaches past its layer fails
 * here with the module and the rule it broke.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { allModules, importsOf, withoutComments } from './support/module-graph.js';

/** Which folders each layer's modules may import from. */
const MAY_IMPORT = Object.freeze({
  signaling: ['signaling'],
  media: ['media'],
  platform: ['platform'],
  call: ['call', 'media', 'signaling'],
  ui: ['ui', 'call', 'i18n', 'platform'],
  i18n: ['i18n'],
  ops: ['ops', 'platform'],
});

/** The signaling modules that own a socket: only the engine creates and wires them. */
const SOCKET_MODULES = ['js/signaling/signal-client.js', 'js/signaling/side-channel.js'];
const ENGINE = 'js/call/call-engine.js';

/**
 * The page's environment (window, document, address bar, storage, network, randomness), named
 * as a free identifier or through `globalThis`/`window`/`self`. A global *constructor* taken as a
 * replaceable default (`WebSocketImpl = globalThis.WebSocket`) is the layer's own API, not this.
 */
const ENVIRONMENT = /(?:(?<![.\w$])|(?<=\b(?:globalThis|window|self)\.))(window|document|location|history|sessionStorage|localStorage|fetch|crypto|XMLHttpRequest)\b/;

/**
 * What the code of a layer must not name: [layers, pattern, what it means]. `.pc` is a
 * transport's RTCPeerConnection; `signal` is the engine's signal client.
 */
const MUST_NOT_TOUCH = [
  [['call', 'ui', 'signaling', 'platform', 'i18n'], /\bRTCPeerConnection\b|\.getStats\(|\.pc\.\w+/, 'touches a peer connection (media/transport.js is the only code that does)'],
  [['media'], /\bRTCPeerConnection\b/, 'touches RTCPeerConnection outside transport.js', (path) => path !== 'js/media/transport.js'],
  [['call', 'ui', 'media', 'platform', 'i18n'], /\bWebSocket\b/, 'touches the socket (signaling/ is the only code that does)'],
  [['call', 'ui', 'media', 'platform', 'i18n'], /\.send(Join|Offer|Answer|Candidate|Restart|Media|Timings|Leave|End|Ping)\(/, 'sends on the signal client (only the engine does)', (path) => path !== ENGINE],
  [['call', 'ui', 'signaling', 'platform', 'i18n'], /\b(getUserMedia|enumerateDevices|mediaDevices)\b/, 'opens devices (media/ is the only code that does)'],
  [['call', 'signaling', 'media'], ENVIRONMENT, 'reads a browser global of the page\'s environment (the page hands it in: platform/browser-env.js)'],
  [['call', 'signaling'], /\bnavigator\b/, 'reads the navigator (media/ asks it for devices; the page for languages)'],
  [['platform', 'ui', 'ops', 'call', 'signaling', 'media', 'i18n'], /\b(sessionStorage|localStorage)\b/, 'uses storage directly (platform/browser-env.js wraps it once)', (path) => path !== 'js/platform/browser-env.js'],
  [['call', 'signaling', 'media', 'ui'], /\baddEventListener\(\s*['"](?:online|offline)['"]|\bonLine\b|\.connection\.(?:addEventListener|onchange|type|effectiveType)\b/, 'listens to the network itself (platform/browser-env.js hands in the port)'],
  [['call'], /(?<!['"`-])\bsignal\b(?!['"`-])/, 'uses the signal client (only the engine wires it)', (path) => path !== ENGINE],
];

const layerOf = (path) => path.split('/')[1];

/**
 * Every breach of the layer rules in `modules` (served path -> source), as readable strings.
 * @param {Map<string, string>} modules
 */
export function layerViolations(modules) {
  const found = [];
  for (const [path, source] of modules) {
    const layer = layerOf(path);
    const allowed = MAY_IMPORT[layer];
    if (!allowed) {
      found.push(`${path}: in no layer of the README`);
      continue;
    }
    for (const target of importsOf(path, source)) {
      if (!allowed.includes(layerOf(target))) found.push(`${path}: imports ${target} (${layer}/ may import ${allowed.join(', ')})`);
      if (SOCKET_MODULES.includes(target) && layer !== 'signaling' && path !== ENGINE) found.push(`${path}: imports ${target} (only ${ENGINE} owns the sockets)`);
    }
    const code = withoutComments(source);
    for (const [layers, pattern, meaning, applies = () => true] of MUST_NOT_TOUCH) {
      if (!layers.includes(layer)) continue;
      const match = code.match(pattern);
      if (match && applies(path)) found.push(`${path}: ${meaning} ("${match[0]}" on line ${lineOf(code, match.index)})`);
    }
  }
  return found;
}

function lineOf(text, index) {
  return text.slice(0, index).split('\n').length;
}

describe('the web client\'s layers (README "Modules")', () => {
  const modules = allModules();

  it('hold in every module: signaling/ imports nothing from call/ or ui/, media/ never touches the socket, ui/ never touches a peer connection, only the engine wires the signal client', () => {
    assert.ok(modules.size > 40, 'all modules were read');
    assert.deepEqual(layerViolations(modules), []);
  });

  it('hold in the graph: no module of a lower layer reaches a higher one, directly or through others', () => {
    const reach = (from, seen = new Set()) => {
      for (const target of importsOf(from, modules.get(from) || '')) {
        if (!seen.has(target)) {
          seen.add(target);
          reach(target, seen);
        }
      }
      return seen;
    };
    for (const [path] of modules) {
      const layer = layerOf(path);
      if (!['signaling', 'media', 'platform'].includes(layer)) continue;
      const above = [...reach(path)].filter((target) => layerOf(target) !== layer);
      assert.deepEqual(above, [], `${path} reaches ${above.join(', ')}`);
    }
  });

  it('are enforced: each kind of leak the issue named is caught', () => {
    const planted = new Map([
      ['js/signaling/signal-client.js', "import { looksLikeToken } from '../call/session.js';\n"],
      ['js/call/peers.js', "export class Peers {\n  publish() { this.signal.sendOffer('pub', 'sdp'); }\n}\n"],
      ['js/call/call-engine.js', 'async function stats(transport) {\n  return transport.pc.getStats();\n}\nconst raw = new WebSocket(url);\n'],
      ['js/call/session.js', "export function takeToken() {\n  return sessionStorage.getItem('token') || location.hash;\n}\n"],
      ['js/media/local-media.js', 'const ws = new WebSocket(url);\n'],
      ['js/ui/boot.js', "const supported = 'RTCPeerConnection' in window;\n"],
      ['js/ui/stage-view.js', "import { PeerTransport } from '../media/transport.js';\n"],
      ['js/call/connections.js', "import { SignalClient } from '../signaling/signal-client.js';\n"],
      ['js/signaling/heartbeat.js', "addEventListener('online', () => this.retry());\n"],
      ['js/ui/prejoin-view.js', "const offline = !navigator.onLine;\n"],
      ['js/ui/agent-panel.js', '/** RTCPeerConnection and WebSocket are named here, in a comment only. */\nexport const fine = `a // b ${1 / 2}`;\n'],
    ]);
    const found = layerViolations(planted);
    const flagged = (path) => found.filter((line) => line.startsWith(`${path}:`));
    assert.match(flagged('js/signaling/signal-client.js').join(), /imports js\/call\/session\.js/);
    assert.match(flagged('js/call/peers.js').join(), /sends on the signal client/);
    assert.match(flagged('js/call/peers.js').join(), /uses the signal client/);
    assert.match(flagged('js/call/call-engine.js').join(), /touches a peer connection/);
    assert.match(flagged('js/call/call-engine.js').join(), /touches the socket/, 'even the engine opens no socket itself');
    assert.match(flagged('js/call/session.js').join(), /reads a browser global/);
    assert.match(flagged('js/call/session.js').join(), /uses storage directly/);
    assert.match(flagged('js/media/local-media.js').join(), /touches the socket/);
    assert.match(flagged('js/ui/boot.js').join(), /touches a peer connection/);
    assert.match(flagged('js/ui/stage-view.js').join(), /imports js\/media\/transport\.js/);
    assert.match(flagged('js/call/connections.js').join(), /only js\/call\/call-engine\.js owns the sockets/);
    assert.match(flagged('js/signaling/heartbeat.js').join(), /listens to the network itself/);
    assert.match(flagged('js/ui/prejoin-view.js').join(), /listens to the network itself/);
    assert.deepEqual(flagged('js/ui/agent-panel.js'), [], 'comments and strings holding comment markers are not code');
  });
});
