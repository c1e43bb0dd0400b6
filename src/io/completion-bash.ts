// The bash completion function; zsh runs the same one through bashcompinit (completion-scripts.ts).
// Candidates never pass through `compgen -W`, which expands what it is given: a stored name like
// `$(cmd)` must stay text. bash splits COMP_WORDS at ':' and '=' (COMP_WORDBREAKS), so `page:123` and
// `--profile=work` would be three words each: in bash the words come from COMP_LINE instead.
import { TOP_LEVEL_ONLY, type CompletionArgument, type CompletionModel } from './completion-scripts.js';

/** A bash $'...' string holding one word a line. */
const lines = (words: readonly string[]) => `$'${words.join('\\n')}'`;

/** Option lists by `cmd/sub` key, most specific first: `token/get`, then `token/*` and `debug-token/*`. */
function optionCases(model: CompletionModel): string {
  const cases: string[] = [];
  for (const c of model.tree) {
    for (const s of c.subcommands) cases.push(`    "${c.name}/${s.name}") opts=${lines([...s.options, ...c.options])} ;;`);
  }
  for (const c of model.tree) cases.push(`    "${c.name}/"*) opts=${lines(c.options)} ;;`);
  return cases.join('\n');
}

/** The names stored in the profile and store the command line names (`--profile work`). */
const NAMES_COMMAND = 'fbtok ${profile:+--profile "$profile"} ${store:+--store "$store"} __complete-names 2>/dev/null';
const STORED_NAMES = `< <(${NAMES_COMMAND})`;

/** What the word after an option completes to: fixed words (`--store`), or NAME=<token name> (`exec --env`). */
function optionValueCases(model: CompletionModel): string {
  const cases = Object.entries(model.optionWords).map(([option, words]) => `      */${option}) _fbtok_add "$cur" <<< ${lines(words)} ;;`);
  for (const { command, option } of model.assignOptions) {
    cases.push(`      "${command}/${option}") if [[ "$cur" == *=* ]]; then _fbtok_add "$cur" < <(while IFS= read -r w; do printf '%s=%s\\n' "\${cur%%=*}" "$w"; done < <(${NAMES_COMMAND})); fi ;;`);
  }
  return cases.join('\n');
}

/** Options that take a value in one command only (`exec --env`; `token export --env` is a flag). */
function assignCases(model: CompletionModel): string {
  return model.assignOptions.map(({ command, option }) => `      ${option}) [ "$cmd" = "${command}" ] && skip="$w"; continue ;;`).join('\n');
}

/** One test per argument completion: the command's words are exactly the positional words so far. */
function argumentTests(args: CompletionArgument[]): string {
  return args
    .map(({ command, words }) => {
      const [cmd, sub] = command.split(' ');
      const test = sub ? `[ "$cmd" = "${cmd}" ] && [ "$subcmd" = "${sub}" ] && [ "$npos" -eq 2 ]` : `[ "$cmd" = "${cmd}" ] && [ "$npos" -eq 1 ]`;
      const from = words ? `<<< ${lines(words)}` : STORED_NAMES;
      return `  if ${test}; then _fbtok_add "$cur" ${from}; return 0; fi`;
    })
    .join('\n');
}

export function bashCompletion(model: CompletionModel): string {
  const subcommandCases = model.tree
    .filter((c) => c.subcommands.length > 0)
    .map((c) => `    ${c.name}) sub=${lines(c.subcommands.map((s) => s.name))} ;;`)
    .join('\n');
  const globals = lines(model.globalOptions);
  const commandGlobals = lines(model.globalOptions.filter((o) => !TOP_LEVEL_ONLY.includes(o)));
  // A pattern that never matches keeps `case` valid when no option takes a value.
  const valuePattern = model.valueOptions.length > 0 ? model.valueOptions.join('|') : '--fbtok-none';
  return `# fbtok completion for bash: source <(fbtok completion bash)
# _fbtok_add CUR: the words on stdin (one a line) that start with CUR, into COMPREPLY, as text.
_fbtok_add() {
  local cur="$1" w trim="" rest="$1"
  # bash replaces only what follows the last ':' or '=' of the word (COMP_WORDBREAKS characters).
  if [[ "\${COMP_WORDBREAKS:-}" == *:* ]]; then rest="\${rest##*:}"; fi
  if [[ "\${COMP_WORDBREAKS:-}" == *=* ]]; then rest="\${rest##*=}"; fi
  trim="\${cur%"$rest"}"
  while IFS= read -r w; do
    if [[ -n "$w" && "$w" == "$cur"* ]]; then COMPREPLY+=("\${w#"$trim"}"); fi
  done
}
_fbtok() {
  local cur cmd subcmd sub opts i w skip npos profile store cword line
  local -a fw
  if [ -n "\${ZSH_VERSION:-}" ] || [ -z "\${COMP_LINE:-}" ]; then
    fw=("\${COMP_WORDS[@]}"); cword=$COMP_CWORD
  else
    line="\${COMP_LINE:0:COMP_POINT}"
    read -ra fw <<< "$line"
    if [[ \${#fw[@]} -eq 0 || "$line" == *[[:blank:]] ]]; then fw+=(""); fi
    cword=$(( \${#fw[@]} - 1 ))
  fi
  cur="\${fw[cword]}"
  cmd=""; subcmd=""; skip=""; npos=0; profile=""; store=""
  for ((i=1; i<cword; i++)); do
    w="\${fw[i]}"
    if [ -n "$skip" ]; then
      case "$skip" in --profile) profile="$w" ;; --store) store="$w" ;; esac
      skip=""; continue
    fi
    case "$w" in
      --profile=*) profile="\${w#*=}"; continue ;;
      --store=*) store="\${w#*=}"; continue ;;
${assignCases(model)}
      ${valuePattern}) skip="$w"; continue ;;
      -*) continue ;;
    esac
    npos=$((npos+1))
    if [ -z "$cmd" ]; then cmd="$w"; elif [ -z "$subcmd" ]; then subcmd="$w"; fi
  done
  COMPREPLY=()
  # The word being completed is an option's value: its words if it has some, else nothing (bash falls
  # back to file names).
  if [ -n "$skip" ]; then
    case "$cmd/$skip" in
${optionValueCases(model)}
    esac
    return 0
  fi
  if [ -z "$cmd" ]; then _fbtok_add "$cur" <<< ${lines(model.tree.map((c) => c.name))}$'\\n'${globals}; return 0; fi
  sub=""
  case "$cmd" in
${subcommandCases}
  esac
  if [ -n "$sub" ] && [ -z "$subcmd" ] && [[ "$cur" != -* ]]; then _fbtok_add "$cur" <<< "$sub"; return 0; fi
  opts=""
  case "$cmd/$subcmd" in
${optionCases(model)}
  esac
  if [[ "$cur" == -* ]]; then _fbtok_add "$cur" <<< "$opts"$'\\n'${commandGlobals}; return 0; fi
${argumentTests(model.arguments)}
}
complete -o default -F _fbtok fbtok
`;
}
