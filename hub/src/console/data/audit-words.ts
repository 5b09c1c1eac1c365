/**
 * Audit actions in words for the console's audit log (the stable action code stays in the row's
 * data-action). Case actions take the cases desk's words, under the code the hub records.
 */
import { caseAuditAction } from '@xz/shared/cases/case';
import type { CaseAction } from './api.ts';
import { PROBES } from './case-actions.ts';
import { ACTION_WORDS as CASE_ACTION_WORDS } from './case-words.ts';

export const ACTION_WORDS: Record<string, string> = {
  'auth.sign-in': '登录 Sign-in',
  'auth.sign-in-failed': '登录失败 Failed sign-in',
  'auth.sign-out': '退出 Sign-out',
  'calendar.save': '保存工作日历 Calendar saved',
  'case.settings': '修改办件设置 Case settings changed',
  // Each action on a case (`case.reply`, `case.record-contact`…), in the cases desk's words.
  ...Object.fromEntries(
    (Object.entries(PROBES) as [CaseAction, (typeof PROBES)[CaseAction]][]).map(([action, command]) => {
      const w = CASE_ACTION_WORDS[action];
      return [caseAuditAction(command.type), `${w.zh} ${w.en}`];
    }),
  ),
  'green-list.publish': '发布绿色通道名单 Green-channel list published',
  'kiosk.enrolment-code': '生成注册码 Enrolment code issued',
  'kiosk.revoke': '吊销终端 Kiosk revoked',
  'policy.create': '新建政策 Policy created',
  'policy.save': '保存政策 Policy saved',
  'policy.submit': '提交审核 Submitted for review',
  'policy.approve': '审核通过 Approved',
  'policy.reject': '退回 Rejected',
  'policy.schedule': '定时发布 Scheduled',
  'policy.unschedule': '取消定时 Unscheduled',
  'policy.publish': '发布 Published',
  'policy.withdraw': '撤回 Withdrawn',
  'policy.expire': '到期下架 Expired',
  'policy.rollback': '回滚 Rolled back',
  'policy.seed': '导入示例政策 Demo policy loaded',
  'policy.tags': '修改政策词典 Policy dictionary changed',
  'report.board-settings': '修改报表看板 Report board changed',
  'station.config': '修改站点配置 Station configuration changed',
  'user.create': '新建用户 User created',
  'user.station': '调整所属站点 Staff station changed',
  'user.pin.set': '设置PIN PIN set',
  'user.pin.remove': '删除PIN PIN removed',
  approve: '审核通过 Approved',
  publish: '发布 Published',
  reject: '退回 Rejected',
  rollback: '回滚 Rolled back',
  schedule: '定时发布 Scheduled',
  submit: '提交审核 Submitted for review',
  unschedule: '取消定时 Unscheduled',
  withdraw: '撤回 Withdrawn',
};
