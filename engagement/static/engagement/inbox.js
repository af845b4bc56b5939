// The exhibitor's inbox listens to the live stream: a new message or a read receipt for
// what is on screen reloads the page (keeping an answer being typed), so staff see the
// buyer's words within a second without refreshing by hand.
(function () {
  var script = document.currentScript;
  if (!script || !window.EventSource) return;
  var conversation = script.dataset.conversation ? Number(script.dataset.conversation) : null;
  var source = new EventSource(script.dataset.stream, { withCredentials: true });
  function refresh(event) {
    var data = JSON.parse(event.data);
    if (conversation !== null && data.conversation !== conversation) return;
    var draft = document.getElementById("id_body");
    if (draft && draft.value.trim()) return; // never throw away what is being typed
    source.close();
    window.location.reload();
  }
  source.addEventListener("message", refresh);
  source.addEventListener("read", refresh);
})();
