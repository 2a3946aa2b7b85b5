// Named functions at known lines: the stacks browser test finds the lines of the marked calls in this file.
function openNamedSocket(url) {
  return new WebSocket(url); // MARK:create
}

function sendFromNamedFunction(ws, text) {
  ws.send(text); // MARK:send
}

window.openNamedSocket = openNamedSocket;
window.sendFromNamedFunction = sendFromNamedFunction;
