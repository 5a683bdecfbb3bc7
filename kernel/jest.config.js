// Same TypeScript and chevrotain handling as the engine (the kernel loads the engine's build).
module.exports = { ...require('../engine/jest.config.js'), rootDir: __dirname };
