import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';

import { SideChannel } from '../../main/web/js/signaling/side-channel.js';
import { FakeSocket, FakeTimers } from './support/fakes.js';

describe('SideChannel', () => {
  beforeEach(() => FakeSocket.reset());

  it('opens the URL it is given and sends what the server listed, in order, once open', () => {
    const timers = new FakeTimers();
    const channel = new SideChannel({ url: 'wss://bridge.example/colibri-ws/x?pwd=secret', onOpen: [{ colibriClass: 'A' }, { colibriClass: 'B', n: 2 }] },
      { WebSocketImpl: FakeSocket, timers });
    channel.open();
    const socket = FakeSocket.last;
    assert.equal(socket.url, 'wss://bridge.example/colibri-ws/x?pwd=secret');
    assert.equal(socket.protocols, undefined, 'no CaseCall subprotocol: it is not our server');
    assert.deepEqual(socket.sent, []);
    socket.accept('');
    assert.deepEqual(socket.messages(), [{ colibriClass: 'A' }, { colibriClass: 'B', n: 2 }]);
    socket.receive({ colibriClass: 'ServerHello' }); // ignored, and nothing breaks
  });

  it('opens again after a drop and greets again; stops when closed', () => {
    const timers = new FakeTimers();
    const channel = new SideChannel({ url: 'wss://bridge.example/x', onOpen: [{ hello: 1 }] }, { WebSocketImpl: FakeSocket, timers });
    channel.open();
    FakeSocket.last.accept('');
    FakeSocket.last.drop(1006);
    timers.advance(250);
    assert.equal(FakeSocket.instances.length, 2);
    FakeSocket.last.accept('');
    assert.deepEqual(FakeSocket.last.messages(), [{ hello: 1 }]);
    channel.close();
    assert.equal(FakeSocket.last.closedWith.code, 1000);
    timers.advance(60_000);
    assert.equal(FakeSocket.instances.length, 2);
  });

  it('sends what the SFU held back until the join only after consent, at once when open, and after every greeting from then on', () => {
    const timers = new FakeTimers();
    const channel = new SideChannel({ url: 'wss://bridge.example/x', onOpen: [{ hold: 1 }], onJoin: [{ release: 1 }, { release: 2 }] },
      { WebSocketImpl: FakeSocket, timers });
    channel.open();
    FakeSocket.last.accept('');
    assert.deepEqual(FakeSocket.last.messages(), [{ hold: 1 }], 'nothing released before the click');
    channel.consent();
    channel.consent(); // once only
    assert.deepEqual(FakeSocket.last.messages(), [{ hold: 1 }, { release: 1 }, { release: 2 }]);
    FakeSocket.last.drop(1006);
    timers.advance(250);
    FakeSocket.last.accept('');
    assert.deepEqual(FakeSocket.last.messages(), [{ hold: 1 }, { release: 1 }, { release: 2 }], 'greeted and released again');
  });

  it('keeps a consent given before the channel opened for right after its greeting', () => {
    const timers = new FakeTimers();
    const channel = new SideChannel({ url: 'wss://bridge.example/x', onOpen: [{ hold: 1 }], onJoin: [{ release: 1 }] },
      { WebSocketImpl: FakeSocket, timers });
    channel.open();
    channel.consent();
    assert.deepEqual(FakeSocket.last.sent, []);
    FakeSocket.last.accept('');
    assert.deepEqual(FakeSocket.last.messages(), [{ hold: 1 }, { release: 1 }]);
  });

  it('gives up an attempt that does not open within the connect timeout and opens the next one', () => {
    const timers = new FakeTimers();
    const channel = new SideChannel({ url: 'wss://bridge.example/x', onOpen: [{ hello: 1 }] }, { WebSocketImpl: FakeSocket, timers, connectTimeoutMs: 5000 });
    channel.open();
    const pending = FakeSocket.last;
    timers.advance(4999);
    assert.equal(pending.closedWith, null);
    timers.advance(1);
    assert.notEqual(pending.closedWith, null, 'the pending attempt is closed');
    timers.advance(250);
    assert.equal(FakeSocket.instances.length, 2);
    FakeSocket.last.accept('');
    assert.deepEqual(FakeSocket.last.messages(), [{ hello: 1 }]);
    timers.advance(30_000);
    assert.equal(FakeSocket.instances.length, 2, 'an open channel has no timeout left running');
    channel.close();
  });
});
