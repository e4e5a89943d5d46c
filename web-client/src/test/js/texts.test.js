import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CallState } from '../../main/web/js/call/events.js';
import { referenceKeys } from '../../main/web/js/i18n/i18n.js';
import { OUTCOMES } from '../../main/web/js/ui/agent-panel.js';
import { endTexts, failureTexts, mediaNotice, signalWord, stateTexts } from '../../main/web/js/ui/texts.js';

const keys = new Set(referenceKeys());
const assertKey = (key, context) => assert.ok(key === null || keys.has(key), `${context}: ${key} is not in the tables`);

describe('the words for each situation exist in the tables', () => {
  it('call states, for both roles, with and without a struggling socket', () => {
    for (const role of ['customer', 'agent']) {
      for (const state of Object.values(CallState)) {
        for (const signal of ['connecting', 'open', 'retrying', 'closed', 'offline']) {
          for (const detail of [{}, { peerLeft: true }]) {
            const { status, stage } = stateTexts({ state, detail, role, signal });
            assertKey(status, `${role} ${state} ${signal}`);
            assertKey(stage, `${role} ${state} ${signal}`);
          }
        }
      }
    }
  });

  it('says the words the product asks for', () => {
    assert.equal(stateTexts({ state: CallState.CONNECTING, role: 'customer', signal: 'connecting' }).status, 'state.connecting');
    assert.equal(stateTexts({ state: CallState.CONNECTING, role: 'customer', signal: 'retrying' }).status, 'state.retrying');
    assert.equal(stateTexts({ state: CallState.READY, role: 'customer', signal: 'retrying' }).status, 'state.retrying');
    assert.equal(stateTexts({ state: CallState.WAITING, role: 'customer' }).status, 'state.waitingForAgent');
    assert.equal(stateTexts({ state: CallState.WAITING, role: 'agent' }).status, 'state.waitingForCustomer');
    assert.equal(stateTexts({ state: CallState.WAITING, detail: { peerLeft: true }, role: 'customer' }).status, 'state.agentLeft');
    assert.equal(stateTexts({ state: CallState.RECONNECTING, role: 'agent' }).status, 'state.reconnecting');
    assert.equal(stateTexts({ state: CallState.ENDED, role: 'customer' }).status, 'state.ended');
  });

  it('says the page is offline and waits, in any live state, and not once the call is over', () => {
    for (const state of [CallState.READY, CallState.CONNECTING, CallState.WAITING, CallState.CONNECTED, CallState.RECONNECTING]) {
      assert.equal(stateTexts({ state, role: 'customer', signal: 'offline' }).status, 'state.offline', state);
    }
    assert.equal(stateTexts({ state: CallState.WAITING, role: 'customer', signal: 'offline' }).stage, 'stage.waitingForAgent');
    assert.equal(stateTexts({ state: CallState.ENDED, role: 'customer', signal: 'offline' }).status, 'state.ended');
    assert.equal(signalWord('offline', 0), 'offline');
  });

  it('does not mention one quick retry of the socket', () => {
    assert.equal(signalWord('retrying', 1), 'connecting');
    assert.equal(signalWord('retrying', 2), 'retrying');
    assert.equal(signalWord('open', undefined), 'open');
  });

  it('failures', () => {
    const codes = ['token_expired', 'token_revoked', 'token_malformed', 'token_missing', 'token_not_yet_valid', 'token_wrong_call',
      'store_unavailable', 'sfu_unavailable', 'server_error', 'network', 'seat_taken', 'replaced', 'connection_lost', 'service_lost',
      'unsupported', 'protocol_error', 'rate_limited'];
    for (const code of codes) {
      for (const role of ['customer', 'agent']) {
        const texts = failureTexts(code, role);
        assertKey(texts.title, code);
        assertKey(texts.body, code);
        assert.ok(['info', 'error'].includes(texts.tone), code);
      }
    }
    assert.equal(failureTexts('token_revoked', 'agent').body, 'error.ended.bodyAgent');
    assert.equal(failureTexts('token_revoked').tone, 'info', 'an ended call is nobody\'s fault');
    assert.equal(failureTexts('token_expired').title, 'error.expired.title');
    assert.equal(failureTexts('rate_limited').title, 'error.rateLimited.title');
    assert.equal(failureTexts('rate_limited').body, 'error.rateLimited.body');
    assert.equal(failureTexts('token_revoked').title, 'error.ended.title');
    assert.equal(failureTexts('token_malformed').title, 'error.invalid.title');
  });

  it('names the cause where the client can tell: the person\'s network, or the service', () => {
    const network = failureTexts('network');
    assert.equal(network.body, 'error.unavailable.body', 'no answer at all: check your internet connection');
    for (const code of ['store_unavailable', 'sfu_unavailable', 'server_error']) {
      assert.deepEqual(failureTexts(code), { kind: 'unavailable', tone: 'info', title: 'error.serviceDown.title', body: 'error.serviceDown.body', action: null }, code);
    }
    assert.deepEqual(failureTexts('service_lost'), { kind: 'service_lost', tone: 'error', title: 'error.serviceDown.title', body: 'error.serviceLost.body', action: 'reload' });
    assert.equal(failureTexts('connection_lost').body, 'error.connectionLost.body', 'cause unknown: the network words');
    for (const key of ['error.serviceDown.title', 'error.serviceDown.body', 'error.serviceLost.body']) assertKey(key, key);
  });

  it('a call the media server refused: its own words for each role, and a way to try again by hand', () => {
    assert.deepEqual(failureTexts('sfu_rejected'), { kind: 'sfu_rejected', tone: 'error', title: 'error.sfuRejected.title',
      body: 'error.sfuRejected.body', action: 'reload' });
    assert.equal(failureTexts('sfu_rejected', 'agent').body, 'error.sfuRejected.bodyAgent');
    for (const key of ['error.sfuRejected.title', 'error.sfuRejected.body', 'error.sfuRejected.bodyAgent']) assertKey(key, 'sfu_rejected');
  });

  it('ends', () => {
    for (const reason of ['left', 'agent_ended', 'customer_left_timeout', 'expired', 'error', 'ended', 'closed']) {
      for (const role of ['customer', 'agent']) {
        const texts = endTexts({ reason, role });
        assertKey(texts.title, reason);
        assertKey(texts.body, reason);
      }
    }
    assert.equal(endTexts({ reason: 'left', role: 'customer' }).rejoin, true);
  });

  it('media problems', () => {
    const cases = [
      [{ audio: true, video: true }, null],
      [{ audio: true, video: false, problems: { video: 'not_found' } }, 'media.noCamera'],
      [{ audio: true, video: false, problems: { video: 'denied' } }, 'media.cameraDenied'],
      [{ audio: true, video: false, problems: { video: 'in_use' } }, 'media.cameraInUse'],
      [{ audio: false, video: true, problems: { audio: 'not_found' } }, 'media.noMicrophone'],
      [{ audio: false, video: true, problems: { audio: 'denied' } }, 'media.microphoneDenied'],
      [{ audio: false, video: false, problems: { audio: 'denied', video: 'denied' } }, 'media.denied'],
      [{ audio: false, video: false, problems: { audio: 'failed', video: 'not_found' } }, 'media.nothing'],
      [{ audio: false, video: false, problems: { audio: 'insecure', video: 'insecure' } }, 'media.insecure'],
    ];
    for (const [media, expected] of cases) {
      assert.equal(mediaNotice(media), expected, JSON.stringify(media));
      assertKey(expected, 'media');
    }
  });

  it('outcomes of the end message', () => {
    assert.deepEqual([...OUTCOMES], ['reshipped', 'refunded', 'claim_filed', 'other']);
    for (const outcome of OUTCOMES) assertKey(`outcome.${outcome}`, outcome);
  });
});
