import { CONFIG_FILE_NAME } from "./config.js";

/**
 * A commented szcheck.config.yaml: every key the config takes, what it does and what beats it.
 * Valid as it stands (the settings a team most often changes are set to their defaults; the
 * rest are comments to uncomment). `schemaPath` points editors at the JSON Schema.
 */
export function configTemplate(schemaPath: string): string {
  return `# yaml-language-server: $schema=${schemaPath}
# ${CONFIG_FILE_NAME}: what the team agrees on for \`szcheck check\`. szcheck reads it from the
# working folder or the nearest folder above; --config <file> names another, --no-config ignores it.
# A flag beats the config. \`szcheck schema config\` prints the full format.

# Exit 1 when a finding (fail or incomplete) is at or above this severity: error | warning | info | none.
failOn: error

# Report language: zh | en (default: from the locale, LANG).
# lang: zh

# The date records without a date of their own are judged at (default: today).
# asOf: 2024-06-30

# Extra rule packs, relative to this file; a rule with a built-in id replaces it.
# rules: [district-pack]

# Severity per rule id: error | warning | info | off (off leaves the rule out). \`szcheck rules list\` shows the ids.
# severity:
#   epc-in-principle: error

# Parameter values per rule id (the parameter must exist and keep its type; \`szcheck rules show <id>\`).
# params:
#   bim-required:
#     scopeMode: both

# Accepted failures, each with a reason, an approver and an expiry (\`szcheck schema waivers\`).
# waivers: waivers.yaml

# Paths not to check, in gitignore syntax, relative to this file (besides node_modules, .git, dist
# and .szcheckignore; --ignore adds more).
ignore:
  - drafts/
`;
}
