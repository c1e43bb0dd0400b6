// The parts of undici the CLI calls, as the entry of its undici bundle (scripts/bundle.mjs): Agent, and the
// request API on every dispatcher. undici's index also loads fetch, WebSocket, cookies, mocks and caches,
// which cost each Graph-calling command tens of milliseconds to load and are never used.
'use strict';
const Dispatcher = require('undici/lib/dispatcher/dispatcher');
const api = require('undici/lib/api');

Object.assign(Dispatcher.prototype, api); // as undici's index does
module.exports = { Agent: require('undici/lib/dispatcher/agent'), Dispatcher };
