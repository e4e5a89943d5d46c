/** The agent's page (/agent): joins at once, shows the case, the invite link and End call. */
import { CallState, CallEvent } from '../call/events.js';
import { AgentPanel } from './agent-panel.js';
import { AgentPhotos } from './photo-view.js';
import { boot } from './boot.js';
import { byId, showView } from './dom.js';
import { showEnd } from './message-view.js';
import { StageView } from './stage-view.js';

const pageReady = performance.now();

const app = await boot({ role: 'agent', pageReady });
if (app) start(app);

function start({ call, session, t, locale }) {
  const photos = new AgentPhotos({ call, t, locale, elements: { list: byId('photos'), panel: byId('photos-panel') } });
  const stage = new StageView(byId('stage-root'), { call, t, role: 'agent', otherName: session.otherName, onHangUp: () => call.leave(), extraControls: photos.controls });
  photos.mount(stage.stage);
  new AgentPanel({ call, session, t, locale });
  call.on(CallEvent.STATE, ({ state, detail }) => {
    if (state === CallState.ENDED) showEnd({ ...detail, role: 'agent', t });
  });
  const gesture = () => call.localParticipant.userGesture();
  document.addEventListener('pointerdown', gesture, { once: true });
  showView('call');
  call.prepare();
  call.join();
}
