/**
 * Words the on-screen keyboard offers whole when their pinyin or initials are typed: what people
 * write at a service station (requests, ratings, policy searches). The policy dictionary's
 * labels and synonyms are added to these.
 */
export const PHRASES: readonly string[] = `
企业 公司 个体 个体户 工商户 营业执照 执照 注册 登记 开办 变更 注销 备案 许可 审批 手续 材料 证明 证件 身份证 营业 经营 场地 场所 地址
融资 贷款 信贷 担保 利息 贴息 补贴 补助 奖励 资金 扶持 支持 政策 申报 申请 条件 税务 税收 发票 减税 退税 社保 医保 公积金 不动产 房产 土地
就业 招工 用工 招聘 人才 培训 技能 职称 工资 欠薪 劳动 合同 纠纷 法律 咨询 投诉 建议 反映 诉求 问题 困难 希望 需要 帮助 解决 处理 办理 答复 回复 联系
窗口 排队 等候 等待 时间 太长 太慢 服务 态度 效率 工作人员 热情 耐心 清楚 满意 不满意 感谢 谢谢 您好 你好 请问 一下 什么 怎么 如何 哪里 为什么 多久 可以 不能 没有 已经 还是 我们 我的 你们
科技 创新 高新 研发 专利 商标 知识产权 制造 制造业 服务业 旅游 文旅 消费 能源 新能源 充电桩 电动车 汽车 小微 小微企业 中小企业 民营 民营企业 创业 青年 大学生 初创 成长
水电 用电 用水 燃气 网络 停车 道路 交通 环境 卫生 噪音 安全 消防 施工 物业 小区 街道 社区 政府 部门 领导 电话 手机 号码 地址
收费 费用 价格 退款 发票 罚款 检查 执法 监管 公平 优化 营商环境 一网通办 一次办好 免申即享 绿色通道 老年人 残疾人 孕妇 军人
`
  .split(/\s+/)
  .filter(Boolean);
