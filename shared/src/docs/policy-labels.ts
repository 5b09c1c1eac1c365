/**
 * The names of a policy's fields as citizens read them, one wording for the kiosk screen, the
 * phone page and the printed policy slip (a slip that says 扶持内容 where the screen said
 * 支持内容 makes people ask whether it is the same thing).
 */
export type PolicyField =
  | 'department'
  | 'beneficiaries'
  | 'conditions'
  | 'benefit'
  | 'apply'
  | 'where'
  | 'phone'
  | 'tags';

export const POLICY_FIELD_LABELS: Record<'zh' | 'en', Record<PolicyField, string>> = {
  zh: {
    department: '发布部门',
    beneficiaries: '惠及对象',
    conditions: '申报条件',
    benefit: '支持内容',
    apply: '申报时间',
    where: '办理地点',
    phone: '咨询电话',
    tags: '政策标签',
  },
  en: {
    department: 'Issued by',
    beneficiaries: 'Who benefits',
    conditions: 'Conditions',
    benefit: 'Support',
    apply: 'Application window',
    where: 'Where to apply',
    phone: 'Phone',
    tags: 'Tags',
  },
};
