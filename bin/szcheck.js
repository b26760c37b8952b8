#!/usr/bin/env node
import "../dist/szcheck.js";
