/** The agent's page (/agent): joins at once, shows the case, the invite link and End call. */
import { CallState, CallEvent } from '../call/events.js';
import { AgentPanel } from './agent-panel.js';
import { boot } from './boot.js';
import { byId, showView } from './dom.js';
import { showMessage } from './message-view.js';
import { StageView } from './stage-view.js';
import { endTexts } from './texts.js';

const pageReady = performance.now();

const app = await boot({ role: 'agent', pageReady });
if (app) start(app);

function start({ call, session, t, locale }) {
  new StageView(byId('stage-root'), { call, t, role: 'agent', otherName: session.otherName, onHangUp: () => call.leave() });
  new AgentPanel({ call, session, t, locale });
  call.on(CallEvent.STATE, ({ state, detail }) => {
    if (state !== CallState.ENDED) return;
    const texts = endTexts({ reason: detail.reason, role: 'agent' });
    showMessage({
      tone: 'end',
      title: t(texts.title),
      body: t(texts.body),
      details: detail.outcome ? [t('agent.end.summary', { outcome: t(`outcome.${detail.outcome}`) })] : [],
      action: texts.rejoin ? { label: t('end.rejoin'), onClick: () => location.reload(), testId: 'rejoin' } : null,
    });
  });
  const gesture = () => call.localParticipant.userGesture();
  document.addEventListener('pointerdown', gesture, { once: true });
  showView('call');
  call.prepare();
  call.join();
}
