// fish completion: native `complete` lines whose conditions look at the positional words so far.
import { TOP_LEVEL_ONLY, type CompletionModel } from './completion-scripts.js';

/** A fish single-quoted string. */
const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function fishCompletion(model: CompletionModel): string {
  const value = new Set(model.valueOptions);
  // A value is a file name only for options that say so (-r -F); any other value is free text (-x).
  const files = new Set(model.fileOptions);
  const words = (long: string) => (model.optionWords[long] ? ` -a ${quote(model.optionWords[long].join(' '))}` : '');
  const valueFlags = (long: string) => (!value.has(long) ? '' : files.has(long) ? ' -r -F' : ` -x${words(long)}`);
  const option = (condition: string | undefined, long: string) =>
    `complete -c fbtok${condition ? ` -n ${quote(condition)}` : ''} -l ${long.replace(/^--/, '')}${valueFlags(long)}`;
  // NAME=<stored token>: the value is one word, its part after '=' a token name.
  const assign = new Set(model.assignOptions.map(({ command, option: o }) => `${command} ${o}`));
  const commandOption = (path: string, long: string) =>
    assign.has(`${path} ${long}`)
      ? `complete -c fbtok -n ${quote(`__fbtok_in ${path}`)} -l ${long.replace(/^--/, '')} -x -a '(__fbtok_assign_values)'`
      : option(`__fbtok_in ${path}`, long);
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
    'function __fbtok_assign_values --description "NAME=<stored token name>, for exec --env"',
    '    set -l cur (commandline -ct)',
    "    string match -q -- '*=*' $cur; or return",
    '    set -l name (string split -m 1 = -- $cur)[1]',
    '    for n in (__fbtok_names)',
    '        echo "$name=$n"',
    '    end',
    'end',
    // File names only where a command takes them: scan's paths, exec's command and its arguments.
    'complete -c fbtok -f',
    ...model.fileCommands.map((c) => `complete -c fbtok -n ${quote(`__fbtok_in ${c}`)} -F`),
  ];
  for (const c of model.tree) {
    lines.push(`complete -c fbtok -n __fbtok_is -a ${c.name} -d ${quote(c.description)}`);
    for (const s of c.subcommands) {
      lines.push(`complete -c fbtok -n ${quote(`__fbtok_is ${c.name}`)} -a ${s.name} -d ${quote(s.description)}`);
      for (const o of s.options) lines.push(commandOption(`${c.name} ${s.name}`, o));
    }
    for (const o of c.options) lines.push(commandOption(c.name, o));
  }
  // --version only before a command (`__fbtok_is` with no words: none typed yet).
  for (const o of model.globalOptions) lines.push(option(TOP_LEVEL_ONLY.includes(o) ? '__fbtok_is' : undefined, o));
  for (const { command, words } of model.arguments) {
    const what = words ? quote(words.join(' ')) : "'(__fbtok_names)' -d 'stored token'";
    lines.push(`complete -c fbtok -n ${quote(`__fbtok_is ${command}`)} -a ${what}`);
  }
  return lines.join('\n') + '\n';
}
