// Drives meetcute-media-web's JsEngine for the interop tests. Each named peer is one call
// engine; the test relays its signals (take / deliver), or `link` relays between two peers
// of this page. Signals keep their order: each peer handles them one after the other.
import init, { JsEngine, webrtcAvailable } from './pkg/meetcute_media_web.js';

const mc = { ready: false, error: null, peers: {} };
window.meetcute = mc;

function attach(peer, stream) {
  if (peer.video) {
    if (peer.video.srcObject !== stream) peer.video.srcObject = stream;
    return;
  }
  const video = document.createElement('video');
  video.muted = true; video.autoplay = true; video.playsInline = true;
  video.srcObject = stream;
  document.getElementById('videos').appendChild(video);
  peer.video = video;
  const count = () => { peer.rendered += 1; video.requestVideoFrameCallback(count); };
  video.requestVideoFrameCallback(count);
  video.play().catch((e) => peer.errors.push('play: ' + e));
}

mc.start = async (name, polite, video = true) => {
  const peer = { outbox: [], sent: [], events: [], errors: [], rendered: 0, chain: Promise.resolve() };
  mc.peers[name] = peer;
  peer.engine = await JsEngine.start(
    { polite, video },
    (kind, payload) => { peer.sent.push(kind); peer.outbox.push([kind, payload]); },
    (kind, detail) => {
      peer.events.push(kind === 'remote_stream' ? kind : kind + ':' + detail);
      if (kind === 'remote_stream') attach(peer, detail);
      if (kind === 'error') peer.errors.push(String(detail));
    },
  );
  traceNegotiation(peer);
};

// What a failed test prints: the connection's own view of the negotiation, in order.
function traceNegotiation(peer) {
  peer.trace = [];
  const pc = peer.engine.peerConnection();
  const ufrag = (d) => (d && /a=ice-ufrag:(\S+)/.exec(d.sdp) || [])[1];
  const note = (what) => peer.trace.push(what);
  pc.addEventListener('signalingstatechange', () =>
    note(`signaling ${pc.signalingState} local ${ufrag(pc.localDescription)} remote ${ufrag(pc.remoteDescription)}`));
  pc.addEventListener('icegatheringstatechange', () => note(`gathering ${pc.iceGatheringState}`));
  pc.addEventListener('icecandidate', (e) =>
    note(e.candidate ? `candidate ${e.candidate.usernameFragment} ${e.candidate.type}` : 'candidates done'));
}

mc.take = (name) => mc.peers[name].outbox.splice(0);

mc.deliver = (name, kind, payload) => {
  const peer = mc.peers[name];
  peer.chain = peer.chain
    .then(() => peer.trace.push(`got ${kind}`))
    .then(() => peer.engine.handleSignal(kind, payload))
    .catch((e) => peer.errors.push(kind + ': ' + e));
};

mc.link = (a, b) => {
  setInterval(() => {
    for (const [kind, payload] of mc.take(a)) mc.deliver(b, kind, payload);
    for (const [kind, payload] of mc.take(b)) mc.deliver(a, kind, payload);
  }, 5);
};

mc.stats = async (name) => {
  const peer = mc.peers[name];
  const pc = peer.engine.peerConnection();
  const out = { framesDecoded: 0, audioPackets: 0, audioEnergy: 0, framesEncoded: 0 };
  (await pc.getStats()).forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video') out.framesDecoded += s.framesDecoded || 0;
    if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      out.audioPackets += s.packetsReceived || 0;
      out.audioEnergy += s.totalAudioEnergy || 0;
    }
    if (s.type === 'outbound-rtp' && s.kind === 'video') out.framesEncoded += s.framesEncoded || 0;
  });
  return {
    ...out,
    rendered: peer.rendered,
    ice: pc.iceConnectionState,
    signaling: pc.signalingState,
    sent: peer.sent,
    events: peer.events,
    errors: peer.errors,
    trace: peer.trace,
  };
};

mc.hangUp = (name) => mc.peers[name].engine.hangUp();

try {
  await init();
  mc.webrtc = webrtcAvailable();
  mc.ready = true;
} catch (e) {
  mc.error = String(e);
}
