// The MCP SDK's server, its stdio transport and zod, as the entry of the mcp side bundle (scripts/bundle.mjs):
// `fbtok mcp` is the only command that loads them.
'use strict';
module.exports = {
  ...require('@modelcontextprotocol/server'),
  ...require('@modelcontextprotocol/server/stdio'),
  z: require('zod').z,
};
