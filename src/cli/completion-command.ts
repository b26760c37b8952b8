import { Command } from "commander";
import { SzcheckError } from "../errors.js";
import { didYouMean } from "../did-you-mean.js";
import type { CliIo } from "./io.js";

export const shells = ["bash", "zsh", "fish"] as const;
type Shell = (typeof shells)[number];

/** A command as completion sees it: its subcommands, its options (and the values they take), and the values of its first argument. */
interface CompletionSpec {
  path: string[];
  description: string;
  options: { names: string[]; description: string; takesValue: boolean; values: string[] }[];
  argumentValues: string[];
  subcommands: CompletionSpec[];
}

/** Values completion offers beyond the options' choices: `"check --format"` → format names, `"init"` → its first argument. */
export type CompletionValues = Record<string, readonly string[]>;

/** `szcheck completion bash|zsh|fish`: a completion script for the shell, made from the commands and options themselves. */
export function completionCommand(io: CliIo, program: () => Command, values: CompletionValues): Command {
  return new Command("completion")
    .description("print a shell completion script for bash, zsh or fish")
    .argument("<shell>", shells.join(" | "))
    .addHelpText(
      "after",
      `
Examples:
  $ szcheck completion bash > ~/.local/share/bash-completion/completions/szcheck
  $ szcheck completion zsh > "\${fpath[1]}/_szcheck"      # or: source <(szcheck completion zsh) in ~/.zshrc
  $ szcheck completion fish > ~/.config/fish/completions/szcheck.fish`,
    )
    .action((shell: string) => {
      if (!(shells as readonly string[]).includes(shell)) throw new SzcheckError({ message: `no completion for "${shell}"${didYouMean(shell, shells)}`, hint: `use one of ${shells.join(", ")}` });
      const spec = specOf(program(), [], values);
      io.stdout(scripts[shell as Shell](spec));
    });
}

// Commander's option names, as completion offers them.
const hidden = new Set(["--debug"]);

function specOf(command: Command, parent: string[], values: CompletionValues): CompletionSpec {
  const path = parent.length === 0 && command.name() === "szcheck" ? [] : [...parent, command.name()];
  const key = path.join(" ");
  const options = command.options
    .filter((option) => option.long === undefined || !hidden.has(option.long))
    .map((option) => ({
      names: [option.short, option.long].filter((name): name is string => name !== undefined),
      description: option.description,
      takesValue: option.required || option.optional,
      values: [...(option.argChoices ?? values[`${key} ${option.long}`] ?? [])],
    }));
  options.push({ names: ["-h", "--help"], description: "show help", takesValue: false, values: [] });
  return { path, description: command.description(), options, argumentValues: [...(values[key] ?? [])], subcommands: command.commands.map((sub) => specOf(sub, path, values)) };
}

const all = (spec: CompletionSpec): CompletionSpec[] => [spec, ...spec.subcommands.flatMap(all)];
const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;

function bash(spec: CompletionSpec): string {
  const cases = all(spec).map((command) => {
    const words = [...command.subcommands.map((sub) => sub.path.at(-1)!), ...command.argumentValues];
    const valueCases = command.options
      .filter((option) => option.takesValue)
      .map((option) => `        ${option.names.join("|")}) ${option.values.length > 0 ? `COMPREPLY=($(compgen -W ${quote(option.values.join(" "))} -- "$cur"))` : `COMPREPLY=($(compgen -f -- "$cur"))`}; return ;;`);
    const optionNames = command.options.flatMap((option) => option.names).join(" ");
    return [
      `    ${quote(command.path.join(" "))})`,
      `      case "$prev" in`,
      ...valueCases,
      `      esac`,
      `      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W ${quote(optionNames)} -- "$cur")); return; fi`,
      words.length > 0 ? `      COMPREPLY=($(compgen -W ${quote(words.join(" "))} -- "$cur"))` : `      COMPREPLY=($(compgen -f -- "$cur"))`,
      `      ;;`,
    ].join("\n");
  });
  const commandNames = all(spec).filter((command) => command.subcommands.length > 0);
  return `# bash completion for szcheck (szcheck completion bash)
_szcheck() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" path="" word i
  # The command path so far: the words that name a subcommand of the one before.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$path" in
${commandNames.map((command) => `      ${quote(command.path.join(" "))}) case "$word" in ${command.subcommands.map((sub) => sub.path.at(-1)).join("|")}) path="${command.path.length === 0 ? "" : `${command.path.join(" ")} `}$word" ;; esac ;;`).join("\n")}
    esac
  done
  case "$path" in
${cases.join("\n")}
  esac
}
complete -o default -F _szcheck szcheck
`;
}

function zsh(spec: CompletionSpec): string {
  // zsh runs the bash function through its bash-completion layer: one script to keep right.
  return `#compdef szcheck
# zsh completion for szcheck (szcheck completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bash(spec).split("\n").slice(1).join("\n")}`;
}

function fish(spec: CompletionSpec): string {
  const lines = ["# fish completion for szcheck (szcheck completion fish)", "complete -c szcheck -f"];
  for (const command of all(spec)) {
    const condition =
      command.path.length === 0
        ? "__fish_use_subcommand"
        : `__fish_seen_subcommand_from ${command.path.at(-1)}${command.subcommands.length > 0 ? `; and not __fish_seen_subcommand_from ${command.subcommands.map((sub) => sub.path.at(-1)).join(" ")}` : ""}`;
    for (const sub of command.subcommands) lines.push(`complete -c szcheck -n ${quote(condition)} -a ${quote(sub.path.at(-1)!)} -d ${quote(sub.description)}`);
    if (command.argumentValues.length > 0) lines.push(`complete -c szcheck -n ${quote(condition)} -a ${quote(command.argumentValues.join(" "))}`);
    if (command.path.length > 0 && command.subcommands.length === 0 && command.argumentValues.length === 0) lines.push(`complete -c szcheck -n ${quote(condition)} -F`);
    for (const option of command.options) {
      const names = option.names.map((name) => (name.startsWith("--") ? `-l ${name.slice(2)}` : `-s ${name.slice(1)}`)).join(" ");
      const value = option.takesValue ? (option.values.length > 0 ? ` -x -a ${quote(option.values.join(" "))}` : " -r -F") : "";
      lines.push(`complete -c szcheck -n ${quote(condition)} ${names}${value} -d ${quote(option.description)}`);
    }
  }
  return lines.join("\n") + "\n";
}

const scripts: Record<Shell, (spec: CompletionSpec) => string> = { bash, zsh, fish };
