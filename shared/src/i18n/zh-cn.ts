/**
 * Chinese (simplified) strings: the reference catalogue. Every key here exists in `en.ts` with the
 * same {param} placeholders (checked by the type of `en` and by a test).
 */
export const zhCN = {
  // Errors (one per XZ_ERR_* code)
  'error.XZ_ERR_VALIDATION': '输入内容不符合要求，请检查后重试。',
  'error.XZ_ERR_NOT_FOUND': '未找到相关内容。',
  'error.XZ_ERR_CONFLICT': '操作与当前状态冲突，请刷新后重试。',
  'error.XZ_ERR_UNAUTHORIZED': '请先登录。',
  'error.XZ_ERR_FORBIDDEN': '您无权执行此操作。',
  'error.XZ_ERR_QUEUE_CLOSED': '该业务当前不在办理时间。',
  'error.XZ_ERR_DAILY_CAP': '该业务今日号源已满。',
  'error.XZ_ERR_NO_COUNTER': '当前没有窗口办理该业务。',
  'error.XZ_ERR_UNKNOWN_SERVICE': '未找到该业务。',
  'error.XZ_ERR_COUNTER_BUSY': '请先办结当前号再叫下一位。',
  'error.XZ_ERR_COUNTER_IDLE': '该窗口当前没有正在办理的号。',
  'error.XZ_ERR_RECALL_LIMIT': '已达到重呼次数上限。',
  'error.XZ_ERR_CALENDAR_YEAR_UNKNOWN': '工作日历尚未包含{year}年的节假日安排，无法计算期限。',
  'error.XZ_ERR_PRINTER_UNAVAILABLE': '打印机暂不可用。',
  'error.XZ_ERR_RATE_LIMITED': '操作过于频繁，请稍候再试。',
  'error.XZ_ERR_PAYLOAD_TOO_LARGE': '提交的内容过大。',

  // Why a ticket was called (recorded with each call, shown on the counter console)
  'call.rule.fifo': '按取号先后顺序呼叫，已等{minutes}分钟',
  'call.rule.green-first': '绿色通道优先，已等{minutes}分钟',
  'call.rule.green-quota': '已连续呼叫{streak}位绿色通道（上限{quota}位），本次呼叫普通号',
  'call.rule.aging': '普通号已等候{minutes}分钟，超过{threshold}分钟优先呼叫',
  'call.rule.reserved-counter': '专用窗口优先呼叫本类号，已等{minutes}分钟',
  'call.rule.strict-priority': '严格优先：绿色通道始终先于普通号，已等{minutes}分钟',
  'call.rule.manual': '工作人员指定呼叫',
  'call.rule.transfer-front': '转办后排在队首',
  'ticket.class.green': '绿色通道',
  'ticket.class.normal': '普通号',

  // Ticket statuses
  'ticket.status.waiting': '等候中',
  'ticket.status.called': '已叫号，请到窗口办理',
  'ticket.status.served': '已办结',
  'ticket.status.no-show': '已过号',
  'ticket.status.cancelled': '已取消',

  // Green channel groups and reasons (groups from data/special-groups.json)
  'green.group.elderly': '老年人',
  'green.group.disability': '残疾人',
  'green.group.pregnant': '孕妇',
  'green.group.mobility': '行动不便者',
  'green.group.military': '军人军属、退役军人（优待证）',
  'green.group.key-enterprise': '重点企业、重点项目',
  'green.how.id-age': '年满{minAge}周岁（按身份证号码识别）',
  'green.how.list': '名单识别',
  'green.how.declared': '本人申报',
  'green.needs-confirmation': '请在窗口向工作人员出示相关证件确认',
  'green.unknown-group': '没有这一类特殊群体',
  'green.not-declarable': '该类群体需凭身份证号码或名单识别，不能申报',

  // Validation reasons
  'id.length': '身份证号码应为18位',
  'id.format': '身份证号码格式不正确，只能包含数字和末位X',
  'id.birth-date': '身份证号码中的出生日期无效',
  'id.check-digit': '身份证号码校验位不正确，请核对后重新输入',
  'credit.length': '统一社会信用代码应为18位',
  'credit.format': '统一社会信用代码含有无效字符（不使用I、O、Z、S、V）',
  'credit.check-char': '统一社会信用代码校验位不正确，请核对后重新输入',
  'phone.format': '请输入正确的手机号码或带区号的固定电话',
  'validation.required': '请填写{field}',
  'validation.too-long': '最多{max}个字',
  'validation.out-of-range': '{field}应在{min}到{max}之间',

  // Service closed
  'service.closed.hours': '该业务当前不在办理时间，办理时间：{hours}',
  'service.closed.cap': '该业务今日{cap}个号已全部发完，请改日再来',
  'service.closed.no-counter': '当前没有窗口办理该业务',
  'service.nearly-full': '今日剩余号源{count}个',

  // Printer states
  'printer.ready': '打印机就绪',
  'printer.paper-near-end': '打印纸即将用完',
  'printer.paper-out': '打印机缺纸',
  'printer.cover-open': '打印机盖未关闭',
  'printer.cutter-error': '打印机切纸故障',
  'printer.offline': '打印机未连接',

  // Slips and the on-screen fallback
  'slip.number': '号',
  'slip.service': '业务',
  'slip.issued-at': '取号时间',
  'slip.ahead': '前面还有{count}人',
  'slip.wait': '预计等候{min}–{max}分钟',
  'slip.counters': '请留意{counters}号窗口叫号',
  'slip.scan-status': '扫码查看排队进度',
  'slip.reprint': '补打',
  'slip.green': '绿色通道',
  'slip.green-reason': '原因：{reason}',
  'slip.show-screen': '请向工作人员出示此屏幕',
  'slip.keep': '请妥善保管此凭条，过号需重新取号',
  'slip.policy.scan': '扫码查看政策全文',
  'slip.request.title': '诉求受理回执',
  'slip.request.number': '诉求编号',
  'slip.request.scan': '扫码查询办理进度',
  'slip.test-page': '打印测试页',

  // Ratings (好差评)
  'rating.level.5': '非常满意',
  'rating.level.4': '满意',
  'rating.level.3': '基本满意',
  'rating.level.2': '不满意',
  'rating.level.1': '非常不满意',
  'rating.class.good': '好评',
  'rating.class.neutral': '中评',
  'rating.class.bad': '差评',
  'rating.indicator.overall': '整体满意度',
  'rating.indicator.efficiency': '服务效率',
  'rating.indicator.quality': '服务水平',
  'rating.indicator.attitude': '服务态度',

  // Follow-up cases for bad ratings
  'case.status.open': '待回访',
  'case.status.called-back': '已回访',
  'case.status.rectifying': '整改中',
  'case.status.closed': '已办结',
  'case.status.reopened': '已重新打开',
  'case.classification.fixed': '立行立改',
  'case.classification.fix-with-deadline': '限期整改',
  'case.classification.explained': '解释说明',
  'case.classification.disputed': '存在异议',

  // Requests (诉求)
  'request.status.received': '已受理',
  'request.status.routed': '已转办',
  'request.status.contacted': '已联系',
  'request.status.answered': '已反馈',
  'request.status.closed': '已办结',
  'request.light.green': '正常',
  'request.light.yellow': '临期',
  'request.light.red': '超期',
  'request.kiosk-at': '小站提交时间',
  'request.hub-received-at': '中心受理时间',

  // Policies
  'policy.status.draft': '草稿',
  'policy.status.in-review': '审核中',
  'policy.status.approved': '已审核',
  'policy.status.scheduled': '定时发布',
  'policy.status.published': '已发布',
  'policy.status.withdrawn': '已撤回',
  'policy.status.expired': '已过期',
  'policy.level.national': '国家级',
  'policy.level.provincial': '省级',
  'policy.level.municipal': '市级',
  'policy.level.district': '区级',
  'policy.exempt-application': '免申即享',
  'policy.closing-soon': '{days}天后截止申报',

  // Station state shown on the kiosk
  'station.offline': '暂时无法连接服务中心，取号和打印不受影响',
  'station.printer-fallback': '凭条暂时无法打印，请记下号码或扫码',
} as const;

export type MessageKey = keyof typeof zhCN;
