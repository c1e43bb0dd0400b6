// The bash completion function; zsh runs the same one through bashcompinit (completion-scripts.ts).
import type { CompletionArgument, CompletionModel } from './completion-scripts.js';

/** Option lists by `cmd/sub` key, most specific first: `token/get`, then `token/*` and `debug-token/*`. */
function optionCases(model: CompletionModel): string {
  const cases: string[] = [];
  for (const c of model.tree) {
    for (const s of c.subcommands) cases.push(`    "${c.name}/${s.name}") opts="${[...s.options, ...c.options].join(' ')}" ;;`);
  }
  for (const c of model.tree) cases.push(`    "${c.name}/"*) opts="${c.options.join(' ')}" ;;`);
  return cases.join('\n');
}

/** The names stored in the profile and store the command line names (`--profile work`). */
const STORED_NAMES = `$(IFS=$' \\t\\n'; fbtok \${profile:+--profile "$profile"} \${store:+--store "$store"} __complete-names 2>/dev/null)`;

/** One test per argument completion: the command's words are exactly the positional words so far. */
function argumentTests(args: CompletionArgument[]): string {
  return args
    .map(({ command, words }) => {
      const [cmd, sub] = command.split(' ');
      const test = sub ? `[ "$cmd" = "${cmd}" ] && [ "$subcmd" = "${sub}" ] && [ "$npos" -eq 2 ]` : `[ "$cmd" = "${cmd}" ] && [ "$npos" -eq 1 ]`;
      // One word a line, as the names come (a name may hold a space).
      const list = words ? `$'${words.join('\\n')}'` : `"${STORED_NAMES}"`;
      return `  if ${test}; then\n    local IFS=$'\\n'\n    COMPREPLY=( $(compgen -W ${list} -- "$cur") ); return 0\n  fi`;
    })
    .join('\n');
}

export function bashCompletion(model: CompletionModel): string {
  const commands = model.tree.map((c) => c.name).join(' ');
  const subcommandCases = model.tree
    .filter((c) => c.subcommands.length > 0)
    .map((c) => `    ${c.name}) sub="${c.subcommands.map((s) => s.name).join(' ')}" ;;`)
    .join('\n');
  const globals = model.globalOptions.join(' ');
  // A pattern that never matches keeps `case` valid when no option takes a value.
  const valuePattern = model.valueOptions.length > 0 ? model.valueOptions.join('|') : '--fbtok-none';
  return `# fbtok completion for bash: source <(fbtok completion bash)
_fbtok() {
  local cur cmd subcmd sub opts i w skip npos profile store
  cur="\${COMP_WORDS[COMP_CWORD]}"
  cmd=""; subcmd=""; skip=""; npos=0; profile=""; store=""
  for ((i=1; i<COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if [ -n "$skip" ]; then
      case "$skip" in --profile) profile="$w" ;; --store) store="$w" ;; esac
      skip=""; continue
    fi
    case "$w" in
      --profile=*) profile="\${w#*=}"; continue ;;
      --store=*) store="\${w#*=}"; continue ;;
      ${valuePattern}) skip="$w"; continue ;;
      -*) continue ;;
    esac
    npos=$((npos+1))
    if [ -z "$cmd" ]; then cmd="$w"; elif [ -z "$subcmd" ]; then subcmd="$w"; fi
  done
  COMPREPLY=()
  # The word being completed is an option's value: nothing to offer (bash falls back to file names).
  if [ -n "$skip" ]; then return 0; fi
  if [ -z "$cmd" ]; then
    COMPREPLY=( $(compgen -W "${commands} ${globals}" -- "$cur") )
    return 0
  fi
  sub=""
  case "$cmd" in
${subcommandCases}
  esac
  if [ -n "$sub" ] && [ -z "$subcmd" ] && [[ "$cur" != -* ]]; then
    COMPREPLY=( $(compgen -W "$sub" -- "$cur") ); return 0
  fi
  opts=""
  case "$cmd/$subcmd" in
${optionCases(model)}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$opts ${globals}" -- "$cur") ); return 0
  fi
${argumentTests(model.arguments)}
}
complete -o default -F _fbtok fbtok
`;
}
