// Shell completion scripts, generated from the program's own command tree so they never drift.
// bash and zsh share one function (zsh runs it through bashcompinit); fish gets native `complete` lines.
// All three find the command the same way: positional words, skipping options and the values of options
// that take one (`fbtok --profile work token get <TAB>` completes token names, not commands).

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export interface CompletionCommand {
  name: string;
  description: string;
  /** Long options, e.g. `--json`. */
  options: string[];
  subcommands: CompletionCommand[];
}

export interface CompletionModel {
  tree: CompletionCommand[];
  globalOptions: string[];
  /** Long options (global or not) that take a value: the word after them is that value. */
  valueOptions: string[];
  /** What a command's first argument completes to: stored token names, or fixed words (config keys). */
  arguments: CompletionArgument[];
  /** Commands whose arguments are file names (`scan`, `exec`); fish completes files nowhere else. */
  fileCommands: string[];
}

export interface CompletionArgument {
  /** 'debug-token' or 'token get'. */
  command: string;
  /** undefined: the stored token names (`fbtok __complete-names`, read from the index only). */
  words?: string[];
}

export function completionScript(shell: Shell, model: CompletionModel): string {
  if (shell === 'bash') return bash(model);
  if (shell === 'zsh') return `# fbtok completion for zsh: source <(fbtok completion zsh), after compinit\nautoload -U +X bashcompinit && bashcompinit\n${bash(model)}`;
  return fish(model);
}

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

function bash(model: CompletionModel): string {
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

/** A fish single-quoted string. */
const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fish(model: CompletionModel): string {
  const value = new Set(model.valueOptions);
  // A value is a file name only for `--*-file` options (-r -F); any other value is free text (-x).
  const valueFlags = (long: string) => (!value.has(long) ? '' : long.endsWith('-file') ? ' -r -F' : ' -x');
  const option = (condition: string | undefined, long: string) =>
    `complete -c fbtok${condition ? ` -n ${quote(condition)}` : ''} -l ${long.replace(/^--/, '')}${valueFlags(long)}`;
  const lines = [
    '# fbtok completion for fish: fbtok completion fish > ~/.config/fish/completions/fbtok.fish',
    'function __fbtok_args --description "the positional words of the fbtok command line before the cursor"',
    '    set -l words (commandline -opc)',
    '    set -e words[1]',
    '    set -l skip 0',
    '    for w in $words',
    '        if test $skip -eq 1',
    '            set skip 0',
    '            continue',
    '        end',
    '        switch $w',
    ...(model.valueOptions.length > 0 ? [`            case ${model.valueOptions.join(' ')}`, '                set skip 1'] : []),
    "            case '-*'",
    "            case '*'",
    '                echo $w',
    '        end',
    '    end',
    'end',
    'function __fbtok_is --description "the positional words are exactly the arguments"',
    '    set -l args (__fbtok_args)',
    '    test "$args" = "$argv"',
    'end',
    'function __fbtok_in --description "the positional words start with the arguments"',
    '    set -l args (__fbtok_args)',
    '    set -l n (count $argv)',
    '    test (count $args) -ge $n; or return 1',
    '    test "$args[1..$n]" = "$argv"',
    'end',
    'function __fbtok_names --description "the stored token names, in the profile and store the command line names"',
    '    set -l words (commandline -opc)',
    '    set -l opts',
    '    for i in (seq 2 (count $words))',
    '        switch $words[$i]',
    '            case --profile --store',
    '                set -l j (math $i + 1)',
    '                test $j -le (count $words); and set -a opts $words[$i] $words[$j]',
    "            case '--profile=*' '--store=*'",
    '                set -a opts $words[$i]',
    '        end',
    '    end',
    '    fbtok $opts __complete-names 2>/dev/null',
    'end',
    // File names only where a command takes them: scan's paths, exec's command and its arguments.
    'complete -c fbtok -f',
    ...model.fileCommands.map((c) => `complete -c fbtok -n ${quote(`__fbtok_in ${c}`)} -F`),
  ];
  for (const c of model.tree) {
    lines.push(`complete -c fbtok -n __fbtok_is -a ${c.name} -d ${quote(c.description)}`);
    for (const s of c.subcommands) {
      lines.push(`complete -c fbtok -n ${quote(`__fbtok_is ${c.name}`)} -a ${s.name} -d ${quote(s.description)}`);
      for (const o of s.options) lines.push(option(`__fbtok_in ${c.name} ${s.name}`, o));
    }
    for (const o of c.options) lines.push(option(`__fbtok_in ${c.name}`, o));
  }
  for (const o of model.globalOptions) lines.push(option(undefined, o));
  for (const { command, words } of model.arguments) {
    const what = words ? quote(words.join(' ')) : "'(__fbtok_names)' -d 'stored token'";
    lines.push(`complete -c fbtok -n ${quote(`__fbtok_is ${command}`)} -a ${what}`);
  }
  return lines.join('\n') + '\n';
}
