// Shell completion scripts, generated from the program's own command tree so they never drift.

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export interface CompletionModel {
  tree: Array<{ name: string; subcommands: string[]; options: string[] }>;
  globalOptions: string[];
  /** 'debug-token' or 'token get': commands completed with stored token names. */
  nameCommands: string[];
}

export function completionScript(shell: Shell, model: CompletionModel): string {
  if (shell === 'bash') return bash(model);
  if (shell === 'zsh') return `autoload -U +X bashcompinit && bashcompinit\n${bash(model)}`;
  return fish(model);
}

function bash(model: CompletionModel): string {
  const commands = model.tree.map((c) => c.name).join(' ');
  const cases = model.tree
    .map((c) => `    ${c.name}) sub="${c.subcommands.join(' ')}"; opts="${c.options.join(' ')}" ;;`)
    .join('\n');
  const nameTests = model.nameCommands.map((n) => `"${n}"`).join(' ');
  return `# fbtok completion for bash: source <(fbtok completion bash)
_fbtok() {
  local cur cmd sub opts i w names_for
  cur="\${COMP_WORDS[COMP_CWORD]}"
  cmd=""; subcmd=""
  for ((i=1; i<COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in -*) continue ;; esac
    if [ -z "$cmd" ]; then cmd="$w"; elif [ -z "$subcmd" ]; then subcmd="$w"; fi
  done
  if [ -z "$cmd" ]; then
    COMPREPLY=( $(compgen -W "${commands} ${model.globalOptions.join(' ')}" -- "$cur") )
    return 0
  fi
  sub=""; opts=""
  case "$cmd" in
${cases}
  esac
  if [ -n "$sub" ] && [ -z "$subcmd" ]; then
    COMPREPLY=( $(compgen -W "$sub" -- "$cur") ); return 0
  fi
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$opts ${model.globalOptions.join(' ')}" -- "$cur") ); return 0
  fi
  for names_for in ${nameTests}; do
    if [ "$names_for" = "$cmd" ] || [ "$names_for" = "$cmd $subcmd" ]; then
      local IFS=$'\\n'
      COMPREPLY=( $(compgen -W "$(fbtok __complete-names 2>/dev/null)" -- "$cur") ); return 0
    fi
  done
}
complete -o default -F _fbtok fbtok
`;
}

function fish(model: CompletionModel): string {
  const lines = ['# fbtok completion for fish', 'complete -c fbtok -f'];
  const top = model.tree.map((c) => c.name).join(' ');
  for (const c of model.tree) {
    lines.push(`complete -c fbtok -n "not __fish_seen_subcommand_from ${top}" -a ${c.name}`);
    for (const s of c.subcommands) lines.push(`complete -c fbtok -n "__fish_seen_subcommand_from ${c.name}" -a ${s}`);
    for (const o of c.options) lines.push(`complete -c fbtok -n "__fish_seen_subcommand_from ${c.name}" -l ${o.replace(/^--/, '')}`);
  }
  for (const o of model.globalOptions) lines.push(`complete -c fbtok -l ${o.replace(/^--/, '')}`);
  for (const n of model.nameCommands) {
    const last = n.split(' ').pop();
    lines.push(`complete -c fbtok -n "__fish_seen_subcommand_from ${last}" -a "(fbtok __complete-names 2>/dev/null)"`);
  }
  return lines.join('\n') + '\n';
}
