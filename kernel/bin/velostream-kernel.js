#!/usr/bin/env node
'use strict';
require('../dist/main.js').runCli(process.argv.slice(2));
