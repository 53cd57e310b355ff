// Scheduled-job rules: `crontab -r` deletes every job with no confirmation; replacing a crontab wholesale is asked.
import type { SecurityFinding } from '../types.js';
import { finding } from '../model.js';
import type { SimpleCommand } from '../model.js';
import { operands } from './rule.js';
import type { RulePack } from './rule.js';

function crontab(cmd: SimpleCommand, out: SecurityFinding[]): void {
  const a = cmd.argv.slice(1);
  if (a.some((w) => /^-[a-zA-Z]*r/.test(w) || w === '--remove')) {
    out.push(finding('cron.remove', 'HIGH', 'crontab -r deletes every scheduled job of the user without confirmation.', cmd));
  } else if (!a.some((w) => /^-[a-zA-Z]*[le]/.test(w)) && (operands(cmd.argv).length > 0 || a.includes('-') || cmd.stdinText !== undefined)) {
    out.push(finding('cron.replace', 'HIGH', 'crontab installs a new list of scheduled jobs, which run again and again without anyone asking.', cmd));
  }
}

function atrm(cmd: SimpleCommand, out: SecurityFinding[]): void {
  out.push(finding('cron.remove', 'MEDIUM', `${cmd.name} removes scheduled jobs.`, cmd));
}

export const cronPack: RulePack = {
  name: 'cron',
  keywords: [],
  rules: [
    { commands: ['crontab'], check: crontab },
    { commands: ['atrm'], check: atrm },
  ],
};
