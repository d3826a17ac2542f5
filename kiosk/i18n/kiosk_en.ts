<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="zh_CN">
<context>
    <name>texts</name>
    <message>
        <source>24小时自助服务</source>
        <comment>attract.open247</comment>
        <translation>Self-service, 24 hours a day</translation>
    </message>
    <message>
        <source>信用报告 · 不动产查询 · 燃气充值</source>
        <comment>attract.services</comment>
        <translation>Credit report · Property records · Gas top-up</translation>
    </message>
    <message>
        <source>请触摸屏幕开始</source>
        <comment>attract.touch</comment>
        <translation>Touch the screen to start</translation>
    </message>
    <message>
        <source>“{service}”的服务时间为：{hours}。</source>
        <comment>closed.body</comment>
        <extracomment>Keep {hours}, {service} as they are.</extracomment>
        <translation>&quot;{service}&quot; is open: {hours}.</translation>
    </message>
    <message>
        <source>当前不在服务时间</source>
        <comment>closed.title</comment>
        <translation>Closed at this time</translation>
    </message>
    <message>
        <source>如对报告内容有异议，可向信用信息提供单位或“信用中国（湖北咸宁）”申请异议处理和信用修复。</source>
        <comment>credit.dispute</comment>
        <translation>If you disagree with an entry, you can raise an objection or apply for credit repair with the body that supplied it or at Credit China (Xianning).</translation>
    </message>
    <message>
        <source>生成时间</source>
        <comment>credit.generated</comment>
        <translation>Generated</translation>
    </message>
    <message>
        <source>无记录</source>
        <comment>credit.none</comment>
        <translation>No records</translation>
    </message>
    <message>
        <source>打印报告</source>
        <comment>credit.print</comment>
        <translation>Print report</translation>
    </message>
    <message>
        <source>公共信用信息报告</source>
        <comment>credit.report.title</comment>
        <translation>Public Credit Information Report</translation>
    </message>
    <message>
        <source>报告编号</source>
        <comment>credit.report_no</comment>
        <translation>Report no.</translation>
    </message>
    <message>
        <source>信息主体</source>
        <comment>credit.subject</comment>
        <translation>Subject</translation>
    </message>
    <message>
        <source>信息概要</source>
        <comment>credit.summary</comment>
        <translation>Summary</translation>
    </message>
    <message>
        <source>信息概要：{summary}</source>
        <comment>credit.summary_line</comment>
        <extracomment>Keep {summary} as they are.</extracomment>
        <translation>Summary: {summary}</translation>
    </message>
    <message>
        <source>燃气卡读写器</source>
        <comment>device.gas_reader</comment>
        <translation>gas card reader</translation>
    </message>
    <message>
        <source>身份证阅读器</source>
        <comment>device.id_reader</comment>
        <translation>ID card reader</translation>
    </message>
    <message>
        <source>打印机</source>
        <comment>device.printer</comment>
        <translation>printer</translation>
    </message>
    <message>
        <source>{device}暂时无法使用，工作人员已收到提醒。请稍后再试，或到人工窗口办理。</source>
        <comment>device_down.body</comment>
        <extracomment>Keep {device} as they are.</extracomment>
        <translation>The {device} is not working right now; the staff have been alerted. Please try later, or go to a service window.</translation>
    </message>
    <message>
        <source>该业务暂停服务</source>
        <comment>device_down.title</comment>
        <translation>This service is unavailable</translation>
    </message>
    <message>
        <source>请稍候</source>
        <comment>flow.starting</comment>
        <translation>Please wait</translation>
    </message>
    <message>
        <source>服务热线 {hotline}</source>
        <comment>footer.hotline</comment>
        <extracomment>Keep {hotline} as they are.</extracomment>
        <translation>Hotline {hotline}</translation>
    </message>
    <message>
        <source>终端号 {terminal}</source>
        <comment>footer.terminal</comment>
        <extracomment>Keep {terminal} as they are.</extracomment>
        <translation>Terminal {terminal}</translation>
    </message>
    <message>
        <source>燃气账户</source>
        <comment>gas.account.title</comment>
        <translation>Gas account</translation>
    </message>
    <message>
        <source>地址</source>
        <comment>gas.address</comment>
        <translation>Address</translation>
    </message>
    <message>
        <source>充值金额</source>
        <comment>gas.amount</comment>
        <translation>Amount</translation>
    </message>
    <message>
        <source>请输入金额。</source>
        <comment>gas.amount.empty</comment>
        <translation>Please enter an amount.</translation>
    </message>
    <message>
        <source>金额超出本次可充值范围，请重新输入。</source>
        <comment>gas.amount.out_of_range</comment>
        <translation>That amount is outside what you can buy now. Please enter another.</translation>
    </message>
    <message>
        <source>付款已收到，但燃气公司系统暂时无法登记。您可以重试；您的款项已记录，不会丢失。</source>
        <comment>gas.billing_failed.body</comment>
        <translation>Payment received, but the gas company&apos;s system cannot record it right now. You can try again; your payment is recorded and safe.</translation>
    </message>
    <message>
        <source>{volume} m³ × ￥{price}</source>
        <comment>gas.breakdown</comment>
        <extracomment>Keep {price}, {volume} as they are.</extracomment>
        <translation>{volume} m³ × ￥{price}</translation>
    </message>
    <message>
        <source>卡号</source>
        <comment>gas.card_no</comment>
        <translation>Card</translation>
    </message>
    <message>
        <source>正在取消订单</source>
        <comment>gas.closing.title</comment>
        <translation>Cancelling the order</translation>
    </message>
    <message>
        <source>请确认充值金额</source>
        <comment>gas.confirm.title</comment>
        <translation>Please confirm the amount</translation>
    </message>
    <message>
        <source>确定</source>
        <comment>gas.confirm_amount</comment>
        <translation>OK</translation>
    </message>
    <message>
        <source>户名</source>
        <comment>gas.customer</comment>
        <translation>Customer</translation>
    </message>
    <message>
        <source>请将燃气IC卡芯片朝上插入读卡口，读卡器会自动吸入。</source>
        <comment>gas.insert.body</comment>
        <translation>Insert your gas IC card into the slot, chip facing up; the reader takes it in.</translation>
    </message>
    <message>
        <source>请插入燃气卡</source>
        <comment>gas.insert.title</comment>
        <translation>Insert your gas card</translation>
    </message>
    <message>
        <source>请输入充值金额</source>
        <comment>gas.keypad.title</comment>
        <translation>Enter the amount</translation>
    </message>
    <message>
        <source>本次可充 ￥{low}–￥{high}</source>
        <comment>gas.limit</comment>
        <extracomment>Keep {high}, {low} as they are.</extracomment>
        <translation>You can buy ￥{low}–￥{high} now</translation>
    </message>
    <message>
        <source>请稍候……</source>
        <comment>gas.loading.body</comment>
        <translation>Please wait…</translation>
    </message>
    <message>
        <source>正在查询账户</source>
        <comment>gas.loading.title</comment>
        <translation>Looking up your account</translation>
    </message>
    <message>
        <source>表号</source>
        <comment>gas.meter</comment>
        <translation>Meter</translation>
    </message>
    <message>
        <source>请稍候……</source>
        <comment>gas.order.body</comment>
        <translation>Please wait…</translation>
    </message>
    <message>
        <source>正在生成支付二维码</source>
        <comment>gas.order.title</comment>
        <translation>Preparing the payment QR code</translation>
    </message>
    <message>
        <source>其他金额</source>
        <comment>gas.other_amount</comment>
        <translation>Other amount</translation>
    </message>
    <message>
        <source>去支付</source>
        <comment>gas.pay</comment>
        <translation>Pay</translation>
    </message>
    <message>
        <source>请用手机微信、支付宝或银行App扫描二维码付款。付款成功后请勿拔卡。</source>
        <comment>gas.pay.body</comment>
        <translation>Scan the QR code with WeChat, Alipay or your bank&apos;s app. Do not pull the card after paying.</translation>
    </message>
    <message>
        <source>延长时间</source>
        <comment>gas.pay.extend</comment>
        <translation>More time</translation>
    </message>
    <message>
        <source>剩余 {seconds} 秒</source>
        <comment>gas.pay.left</comment>
        <extracomment>Keep {seconds} as they are.</extracomment>
        <translation>{seconds} s left</translation>
    </message>
    <message>
        <source>请扫码支付</source>
        <comment>gas.pay.title</comment>
        <translation>Scan to pay</translation>
    </message>
    <message>
        <source>支付服务暂时不可用</source>
        <comment>gas.pay_unavailable.title</comment>
        <translation>Payment is not available right now</translation>
    </message>
    <message>
        <source>阶梯气价</source>
        <comment>gas.price</comment>
        <translation>Tiered price</translation>
    </message>
    <message>
        <source>燃气卡读取失败</source>
        <comment>gas.read_failed.title</comment>
        <translation>The gas card could not be read</translation>
    </message>
    <message>
        <source>请稍候，请勿拔卡……</source>
        <comment>gas.reading.body</comment>
        <translation>Please wait, do not pull the card…</translation>
    </message>
    <message>
        <source>正在读卡</source>
        <comment>gas.reading.title</comment>
        <translation>Reading your card</translation>
    </message>
    <message>
        <source>凭条打印失败，已保存，可到人工窗口补打。</source>
        <comment>gas.receipt_failed</comment>
        <translation>The receipt could not be printed; it is kept and can be reprinted at a service window.</translation>
    </message>
    <message>
        <source>此卡暂不能充值</source>
        <comment>gas.refused.title</comment>
        <translation>This card cannot be topped up here</translation>
    </message>
    <message>
        <source>正在补写上次购气，请勿拔卡</source>
        <comment>gas.rewrite.title</comment>
        <translation>Writing your earlier purchase: do not pull the card</translation>
    </message>
    <message>
        <source>暂时无法查询账户</source>
        <comment>gas.service_error.title</comment>
        <translation>Your account cannot be looked up right now</translation>
    </message>
    <message>
        <source>充值成功！请取走燃气卡和凭条，并将卡插入燃气表。</source>
        <comment>gas.take.body</comment>
        <translation>Done! Take your card and receipt, and insert the card into your gas meter.</translation>
    </message>
    <message>
        <source>请取走燃气卡</source>
        <comment>gas.take.title</comment>
        <translation>Please take your gas card</translation>
    </message>
    <message>
        <source>请取走您的燃气卡。</source>
        <comment>gas.take_only.body</comment>
        <translation>Please take your gas card.</translation>
    </message>
    <message>
        <source>第{n}阶梯</source>
        <comment>gas.tier</comment>
        <extracomment>Keep {n} as they are.</extracomment>
        <translation>Tier {n}</translation>
    </message>
    <message>
        <source>以上 ￥{price}/m³</source>
        <comment>gas.tier_above</comment>
        <extracomment>Keep {price} as they are.</extracomment>
        <translation>above: ￥{price}/m³</translation>
    </message>
    <message>
        <source>{upto} m³以内 ￥{price}/m³</source>
        <comment>gas.tier_upto</comment>
        <extracomment>Keep {price}, {upto} as they are.</extracomment>
        <translation>up to {upto} m³: ￥{price}/m³</translation>
    </message>
    <message>
        <source>订单已取消，未扣款。请取走您的燃气卡。</source>
        <comment>gas.unpaid.body</comment>
        <translation>The order was cancelled and nothing was charged. Please take your card.</translation>
    </message>
    <message>
        <source>可购气量</source>
        <comment>gas.volume</comment>
        <translation>Gas</translation>
    </message>
    <message>
        <source>您的付款已收到，购气记录已保存，不会丢失。请取卡后重新插入本机补写，或到燃气营业厅办理。</source>
        <comment>gas.write_failed.body</comment>
        <translation>Your payment is received and recorded: nothing is lost. Take the card and insert it again to finish, or go to a gas service hall.</translation>
    </message>
    <message>
        <source>写卡未完成</source>
        <comment>gas.write_failed.title</comment>
        <translation>The card could not be written</translation>
    </message>
    <message>
        <source>付款已成功，正在将燃气写入您的卡……</source>
        <comment>gas.writing.body</comment>
        <translation>Payment received. Writing the gas onto your card…</translation>
    </message>
    <message>
        <source>正在写卡，请勿拔卡</source>
        <comment>gas.writing.title</comment>
        <translation>Writing your card: do not pull it</translation>
    </message>
    <message>
        <source>本年已购 {volume} m³</source>
        <comment>gas.year_volume</comment>
        <extracomment>Keep {volume} as they are.</extracomment>
        <translation>Bought this year: {volume} m³</translation>
    </message>
    <message>
        <source>标准模式</source>
        <comment>header.elder_off</comment>
        <translation>Standard</translation>
    </message>
    <message>
        <source>长辈模式</source>
        <comment>header.elder_on</comment>
        <translation>Large text</translation>
    </message>
    <message>
        <source>EN</source>
        <comment>header.lang</comment>
        <translation>中文</translation>
    </message>
    <message>
        <source>切换英文</source>
        <comment>header.lang_hint</comment>
        <translation>Switch to Chinese</translation>
    </message>
    <message>
        <source>暂停服务 · 服务时间 {hours}</source>
        <comment>home.closed</comment>
        <extracomment>Keep {hours} as they are.</extracomment>
        <translation>Closed now · Open {hours}</translation>
    </message>
    <message>
        <source>退出</source>
        <comment>home.exit</comment>
        <translation>Exit</translation>
    </message>
    <message>
        <source>下一页</source>
        <comment>home.next</comment>
        <translation>Next</translation>
    </message>
    <message>
        <source>第{page}/{pages}页</source>
        <comment>home.page</comment>
        <extracomment>Keep {page}, {pages} as they are.</extracomment>
        <translation>Page {page} of {pages}</translation>
    </message>
    <message>
        <source>上一页</source>
        <comment>home.prev</comment>
        <translation>Previous</translation>
    </message>
    <message>
        <source>请选择您要办理的业务</source>
        <comment>home.title</comment>
        <translation>Please choose a service</translation>
    </message>
    <message>
        <source>每天</source>
        <comment>hours.daily</comment>
        <translation>Daily</translation>
    </message>
    <message>
        <source>周一</source>
        <comment>hours.day.0</comment>
        <translation>Mon</translation>
    </message>
    <message>
        <source>周二</source>
        <comment>hours.day.1</comment>
        <translation>Tue</translation>
    </message>
    <message>
        <source>周三</source>
        <comment>hours.day.2</comment>
        <translation>Wed</translation>
    </message>
    <message>
        <source>周四</source>
        <comment>hours.day.3</comment>
        <translation>Thu</translation>
    </message>
    <message>
        <source>周五</source>
        <comment>hours.day.4</comment>
        <translation>Fri</translation>
    </message>
    <message>
        <source>周六</source>
        <comment>hours.day.5</comment>
        <translation>Sat</translation>
    </message>
    <message>
        <source>周日</source>
        <comment>hours.day.6</comment>
        <translation>Sun</translation>
    </message>
    <message>
        <source>{first}至{last}</source>
        <comment>hours.day_range</comment>
        <extracomment>Keep {first}, {last} as they are.</extracomment>
        <translation>{first}–{last}</translation>
    </message>
    <message>
        <source>、</source>
        <comment>hours.day_sep</comment>
        <translation>,</translation>
    </message>
    <message>
        <source>；</source>
        <comment>hours.rule_sep</comment>
        <translation>; </translation>
    </message>
    <message>
        <source>请先把这张证件拿走，
再放上您自己的身份证。
不是您的，请交给工作人员。</source>
        <comment>id.card_left.body</comment>
        <translation>Please take that card away first, then place your own ID card.
If it is not yours, please give it to the staff.</translation>
    </message>
    <message>
        <source>感应区上已有一张身份证</source>
        <comment>id.card_left.title</comment>
        <translation>There is already a card on the reader</translation>
    </message>
    <message>
        <source>请将第二代居民身份证平放在下方读卡区，读取完成前请勿移动。</source>
        <comment>id.place.body</comment>
        <translation>Lay your resident ID card flat on the reader below and keep it still until it has been read.</translation>
    </message>
    <message>
        <source>请将身份证放在感应区</source>
        <comment>id.place.title</comment>
        <translation>Place your ID card on the reader</translation>
    </message>
    <message>
        <source>请拿起身份证，重新平放在感应区。</source>
        <comment>id.read_failed.body</comment>
        <translation>Lift the card and place it flat on the reader again.</translation>
    </message>
    <message>
        <source>身份证读取失败</source>
        <comment>id.read_failed.title</comment>
        <translation>The card could not be read</translation>
    </message>
    <message>
        <source>请勿移动身份证……</source>
        <comment>id.reading.body</comment>
        <translation>Please keep the card still…</translation>
    </message>
    <message>
        <source>正在读取身份证</source>
        <comment>id.reading.title</comment>
        <translation>Reading your ID card</translation>
    </message>
    <message>
        <source>请取回您的证件。</source>
        <comment>id.refused.body</comment>
        <translation>Please take your card back.</translation>
    </message>
    <message>
        <source>无法使用此证件办理</source>
        <comment>id.refused.title</comment>
        <translation>This card cannot be used here</translation>
    </message>
    <message>
        <source>{name}  {id_number}</source>
        <comment>id.subject</comment>
        <extracomment>Keep {id_number}, {name} as they are.</extracomment>
        <translation>{name}  {id_number}</translation>
    </message>
    <message>
        <source>您的身份证还在读卡器上，请立即取回！</source>
        <comment>id.take.alert</comment>
        <translation>Your ID card is still on the reader. Please take it now!</translation>
    </message>
    <message>
        <source>别忘了带走您的身份证。</source>
        <comment>id.take.body</comment>
        <translation>Don&apos;t forget your ID card.</translation>
    </message>
    <message>
        <source>请取回您的身份证</source>
        <comment>id.take.title</comment>
        <translation>Please take your ID card</translation>
    </message>
    <message>
        <source>{seconds} 秒后将自动退出，以保护您的个人信息。</source>
        <comment>idle.body</comment>
        <extracomment>Keep {seconds} as they are.</extracomment>
        <translation>For your privacy, this session ends in {seconds} seconds.</translation>
    </message>
    <message>
        <source>继续办理</source>
        <comment>idle.continue</comment>
        <translation>Continue</translation>
    </message>
    <message>
        <source>退出</source>
        <comment>idle.exit</comment>
        <translation>Exit</translation>
    </message>
    <message>
        <source>您还需要更多时间吗？</source>
        <comment>idle.title</comment>
        <translation>Do you need more time?</translation>
    </message>
    <message>
        <source>返回</source>
        <comment>nav.back</comment>
        <translation>Back</translation>
    </message>
    <message>
        <source>取消</source>
        <comment>nav.cancel</comment>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>返回首页</source>
        <comment>nav.home</comment>
        <translation>Home</translation>
    </message>
    <message>
        <source>下一页</source>
        <comment>nav.next_page</comment>
        <translation>Page down</translation>
    </message>
    <message>
        <source>上一页</source>
        <comment>nav.prev_page</comment>
        <translation>Page up</translation>
    </message>
    <message>
        <source>重试</source>
        <comment>nav.retry</comment>
        <translation>Try again</translation>
    </message>
    <message>
        <source>请前往其他自助终端或人工窗口办理。给您带来不便，敬请谅解。</source>
        <comment>oos.body</comment>
        <translation>Please use another terminal or a service window. We apologise for the inconvenience.</translation>
    </message>
    <message>
        <source>技术人员信息：配置文件有误</source>
        <comment>oos.tech</comment>
        <translation>For the technician: the configuration has errors</translation>
    </message>
    <message>
        <source>本机暂停服务</source>
        <comment>oos.title</comment>
        <translation>Out of service</translation>
    </message>
    <message>
        <source>重新打印</source>
        <comment>print.again</comment>
        <translation>Print again</translation>
    </message>
    <message>
        <source>正在打印，请稍候……</source>
        <comment>print.body</comment>
        <translation>Printing, please wait…</translation>
    </message>
    <message>
        <source>请取走出纸口的材料。</source>
        <comment>print.done.body</comment>
        <translation>Please take your document from the printer slot.</translation>
    </message>
    <message>
        <source>打印完成</source>
        <comment>print.done.title</comment>
        <translation>Printed</translation>
    </message>
    <message>
        <source>您的材料已保存，可以再次打印，或到人工窗口领取。</source>
        <comment>print.failed.body</comment>
        <translation>Your document is saved: you can print it again, or collect it at a service window.</translation>
    </message>
    <message>
        <source>打印未能完成</source>
        <comment>print.failed.title</comment>
        <translation>Printing could not be completed</translation>
    </message>
    <message>
        <source>请取走出纸口的材料和您的身份证。</source>
        <comment>print.take_paper</comment>
        <translation>Please take your document from the printer slot, and your ID card.</translation>
    </message>
    <message>
        <source>正在打印</source>
        <comment>print.title</comment>
        <translation>Printing</translation>
    </message>
    <message>
        <source>共{count}处不动产</source>
        <comment>property.count</comment>
        <extracomment>Keep {count} as they are.</extracomment>
        <translation>{count} properties</translation>
    </message>
    <message>
        <source>不动产详细信息</source>
        <comment>property.detail.title</comment>
        <translation>Property details</translation>
    </message>
    <message>
        <source>不动产登记信息</source>
        <comment>property.list.title</comment>
        <translation>Real estate records</translation>
    </message>
    <message>
        <source>抵押</source>
        <comment>property.mortgaged</comment>
        <translation>Mortgaged</translation>
    </message>
    <message>
        <source>在本市范围内未查询到您名下的不动产登记信息，可打印查询结果证明（无房证明）。</source>
        <comment>property.none.body</comment>
        <translation>No real estate is registered in your name in this city. You can print a certificate of this result.</translation>
    </message>
    <message>
        <source>未查询到不动产登记信息</source>
        <comment>property.none.title</comment>
        <translation>No real estate records found</translation>
    </message>
    <message>
        <source>预告</source>
        <comment>property.notice</comment>
        <translation>Advance notice</translation>
    </message>
    <message>
        <source>异议</source>
        <comment>property.objection</comment>
        <translation>Objection</translation>
    </message>
    <message>
        <source>打印证明</source>
        <comment>property.print</comment>
        <translation>Print proof</translation>
    </message>
    <message>
        <source>打印无房证明</source>
        <comment>property.print_none</comment>
        <translation>Print certificate</translation>
    </message>
    <message>
        <source>限制状态</source>
        <comment>property.restrictions</comment>
        <translation>Restrictions</translation>
    </message>
    <message>
        <source>查封</source>
        <comment>property.seized</comment>
        <translation>Seized</translation>
    </message>
    <message>
        <source>查看详情</source>
        <comment>property.view</comment>
        <translation>Details</translation>
    </message>
    <message>
        <source>正在查询您的信息，请稍候……</source>
        <comment>query.body</comment>
        <translation>Looking up your records, please wait…</translation>
    </message>
    <message>
        <source>您可以重试，或稍后再来。</source>
        <comment>query.failed.body</comment>
        <translation>You can try again, or come back later.</translation>
    </message>
    <message>
        <source>查询未能完成</source>
        <comment>query.failed.title</comment>
        <translation>The lookup could not be completed</translation>
    </message>
    <message>
        <source>查询时间较长，请稍候；也可以取消。</source>
        <comment>query.slow</comment>
        <translation>This is taking longer than usual. Please wait, or cancel.</translation>
    </message>
    <message>
        <source>正在查询</source>
        <comment>query.title</comment>
        <translation>Looking up your records</translation>
    </message>
    <message>
        <source>扫码开具电子发票</source>
        <comment>receipt.gas.einvoice</comment>
        <translation>Scan for your e-invoice</translation>
    </message>
    <message>
        <source>请将燃气卡插入燃气表，待表具读卡成功后取出。</source>
        <comment>receipt.gas.meter</comment>
        <translation>Insert the card into your gas meter to load the gas.</translation>
    </message>
    <message>
        <source>暂停服务：{device}暂不可用</source>
        <comment>tile.device_down</comment>
        <extracomment>Keep {device} as they are.</extracomment>
        <translation>Unavailable: the {device} is not working</translation>
    </message>
    <message>
        <source>打印机缺纸：可查看，暂不能打印</source>
        <comment>tile.no_paper</comment>
        <translation>Printer out of paper: you can view but not print</translation>
    </message>
    <message>
        <source>打印机暂不可用：可查看，暂不能打印</source>
        <comment>tile.no_printer</comment>
        <translation>Printer not working: you can view but not print</translation>
    </message>
    <message>
        <source>本机暂不能办理“{service}”。
请前往人工窗口办理，或拨打服务热线 {hotline} 咨询。</source>
        <comment>unavailable.body</comment>
        <extracomment>Keep {hotline}, {service} as they are.</extracomment>
        <translation>&quot;{service}&quot; cannot be done at this terminal yet.
Please go to a service window, or call the hotline {hotline}.</translation>
    </message>
    <message>
        <source>该业务暂未开通</source>
        <comment>unavailable.title</comment>
        <translation>This service is not available yet</translation>
    </message>
    <message>
        <source>请选择充值金额</source>
        <comment>voice.gas.choose_amount</comment>
        <translation>Please choose an amount</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>燃气卡状态异常，请到燃气营业厅处理。</source>
        <comment>drivers.gascard.errors.BadCardStatus</comment>
        <extracomment>BadCardStatus: The card is not usable for a top-up; ``reason`` is a short code for logs and flows.</extracomment>
        <translation>This gas card is in an unexpected state. Please visit a gas service hall.</translation>
    </message>
    <message>
        <source>燃气卡读写器通讯异常，请稍后再试或联系工作人员。</source>
        <comment>drivers.gascard.errors.BadReply</comment>
        <extracomment>BadReply: The reader&apos;s reply broke the framing (wrong command echoed, short data, bad status bytes).</extracomment>
        <translation>The gas card reader could not be understood. Please try again or ask the staff.</translation>
    </message>
    <message>
        <source>此燃气卡尚未开户，请到燃气营业厅办理。</source>
        <comment>drivers.gascard.errors.BlankCard</comment>
        <extracomment>BlankCard: The card is not usable for a top-up; ``reason`` is a short code for logs and flows.</extracomment>
        <translation>This gas card has not been issued yet. Please visit a gas service hall.</translation>
    </message>
    <message>
        <source>读写燃气卡时卡片被移动，请重新插入燃气卡，操作完成前请勿拔卡。</source>
        <comment>drivers.gascard.errors.CardCommunicationError</comment>
        <extracomment>CardCommunicationError: A negative reply (&apos;N&apos;) from the reader; ``code`` holds the two ASCII bytes E1 E0.</extracomment>
        <translation>The gas card moved while it was being read or written. Please insert it again and leave it in until told.</translation>
    </message>
    <message>
        <source>燃气卡卡在读卡器中，请勿强行拔出，请联系工作人员。</source>
        <comment>drivers.gascard.errors.CardJammed</comment>
        <extracomment>CardJammed: A negative reply (&apos;N&apos;) from the reader; ``code`` holds the two ASCII bytes E1 E0.</extracomment>
        <translation>Your gas card is stuck in the reader. Please do not pull it; ask the staff for help.</translation>
    </message>
    <message>
        <source>燃气卡已锁定，请携带身份证到燃气营业厅办理。</source>
        <comment>drivers.gascard.errors.CardLocked</comment>
        <extracomment>CardLocked: The card refused an operation; ``sw`` holds SW1 SW2.</extracomment>
        <translation>Your gas card is locked. Please bring your ID card to a gas service hall.</translation>
    </message>
    <message>
        <source>无法识别此卡，请确认插入的是燃气卡，且芯片朝上、朝里插入。</source>
        <comment>drivers.gascard.errors.CardNotAnsweringReset</comment>
        <extracomment>CardNotAnsweringReset: A negative reply (&apos;N&apos;) from the reader; ``code`` holds the two ASCII bytes E1 E0.</extracomment>
        <translation>This card cannot be read. Please check it is your gas card, inserted chip up and chip first.</translation>
    </message>
    <message>
        <source>此燃气卡已挂失，无法使用，请携带身份证到燃气营业厅办理。</source>
        <comment>drivers.gascard.errors.CardReportedLost</comment>
        <extracomment>CardReportedLost: The card is not usable for a top-up; ``reason`` is a short code for logs and flows.</extracomment>
        <translation>This gas card has been reported lost and cannot be used. Please bring your ID card to a gas service hall.</translation>
    </message>
    <message>
        <source>读卡器暂时无法完成该操作，请取出燃气卡后重新插入。</source>
        <comment>drivers.gascard.errors.CommandNotPossible</comment>
        <extracomment>CommandNotPossible: A negative reply (&apos;N&apos;) from the reader; ``code`` holds the two ASCII bytes E1 E0.</extracomment>
        <translation>The reader cannot do this right now. Please take out your gas card and insert it again.</translation>
    </message>
    <message>
        <source>燃气卡受保护区域无法写入，请到燃气营业厅处理。</source>
        <comment>drivers.gascard.errors.FrozenByte</comment>
        <extracomment>FrozenByte: The card refused an operation; ``sw`` holds SW1 SW2.</extracomment>
        <translation>A protected part of the gas card cannot be written. Please visit a gas service hall.</translation>
    </message>
    <message>
        <source>请先将燃气卡插入燃气表，待表具读取上次购气后再来充值。</source>
        <comment>drivers.gascard.errors.MeterNotVisited</comment>
        <extracomment>MeterNotVisited: The card is not usable for a top-up; ``reason`` is a short code for logs and flows.</extracomment>
        <translation>Please insert the card into your gas meter first, so it takes your last purchase, then top up again.</translation>
    </message>
    <message>
        <source>请将燃气卡插入读卡口。</source>
        <comment>drivers.gascard.errors.NoCardInPosition</comment>
        <extracomment>NoCardInPosition: A negative reply (&apos;N&apos;) from the reader; ``code`` holds the two ASCII bytes E1 E0.</extracomment>
        <translation>Please insert your gas card into the card slot.</translation>
    </message>
    <message>
        <source>此卡不是本燃气公司的燃气卡，请插入您的燃气卡。</source>
        <comment>drivers.gascard.errors.NotOurCard</comment>
        <extracomment>NotOurCard: The card is not usable for a top-up; ``reason`` is a short code for logs and flows.</extracomment>
        <translation>This is not one of our gas cards. Please insert your gas card.</translation>
    </message>
    <message>
        <source>燃气卡读写器参数错误，请联系工作人员。</source>
        <comment>drivers.gascard.errors.ParameterError</comment>
        <extracomment>ParameterError: A negative reply (&apos;N&apos;) from the reader; ``code`` holds the two ASCII bytes E1 E0.</extracomment>
        <translation>The gas card reader rejected a request. Please ask the staff.</translation>
    </message>
    <message>
        <source>燃气卡读写器无响应，请联系工作人员。</source>
        <comment>drivers.gascard.errors.ReaderNotAnswering</comment>
        <extracomment>ReaderNotAnswering: The reader acknowledged nothing after every resend, or its reply never came.</extracomment>
        <translation>The gas card reader is not responding. Please ask the staff.</translation>
    </message>
    <message>
        <source>燃气卡上次写卡未完成，需要修复，请稍候或联系工作人员。</source>
        <comment>drivers.gascard.errors.TornCard</comment>
        <extracomment>TornCard: The card is not usable for a top-up; ``reason`` is a short code for logs and flows.</extracomment>
        <translation>The last write to this gas card was not completed and needs repair. Please wait or ask the staff.</translation>
    </message>
    <message>
        <source>燃气卡读写器不支持该操作，请联系工作人员。</source>
        <comment>drivers.gascard.errors.UnknownCommand</comment>
        <extracomment>UnknownCommand: A negative reply (&apos;N&apos;) from the reader; ``code`` holds the two ASCII bytes E1 E0.</extracomment>
        <translation>The gas card reader does not support this operation. Please ask the staff.</translation>
    </message>
    <message>
        <source>燃气卡写入未获许可，请重新插卡再试。</source>
        <comment>drivers.gascard.errors.WriteNotAllowed</comment>
        <extracomment>WriteNotAllowed: The card refused an operation; ``sw`` holds SW1 SW2.</extracomment>
        <translation>The gas card refused the write. Please insert it again and retry.</translation>
    </message>
    <message>
        <source>燃气卡写入校验失败，请勿拔卡，请联系工作人员。</source>
        <comment>drivers.gascard.errors.WriteVerifyFailed</comment>
        <extracomment>WriteVerifyFailed: Read-back after a write did not match what was written.</extracomment>
        <translation>Writing the gas card could not be confirmed. Please leave the card in and ask the staff.</translation>
    </message>
    <message>
        <source>燃气卡校验失败（还剩 {tries_left} 次机会），请到燃气营业厅处理。</source>
        <comment>drivers.gascard.errors.WrongPassword</comment>
        <extracomment>WrongPassword: The card password was wrong; ``tries_left`` more tries before the card locks. Keep {tries_left} as they are.</extracomment>
        <translation>The gas card could not be verified ({tries_left} tries left). Please visit a gas service hall.</translation>
    </message>
    <message>
        <source>身份证上的出生日期与身份证号码不符，无法办理，请到人工窗口。</source>
        <comment>drivers.idcard.errors.BirthDateMismatch</comment>
        <extracomment>BirthDateMismatch: The card was read but cannot be used here; ``reason`` names why (for diagnostics and audits).</extracomment>
        <translation>The birth date on this card does not match its ID number. Please go to a staffed counter.</translation>
    </message>
    <message>
        <source>身份证验证未通过，请重新放置；如仍不行，请到人工窗口办理。</source>
        <comment>drivers.idcard.errors.CardAuthenticationFailed</comment>
        <extracomment>InformationCheckFailed: SW3 33: the card&apos;s data did not pass the SAM&apos;s check.</extracomment>
        <translation>The card could not be verified. Please place it again, or go to a staffed counter.</translation>
    </message>
    <message>
        <source>您的身份证已过有效期，请使用有效身份证或到人工窗口办理。</source>
        <comment>drivers.idcard.errors.CardExpired</comment>
        <extracomment>CardExpired: The card was read but cannot be used here; ``reason`` names why (for diagnostics and audits).</extracomment>
        <translation>Your ID card has expired. Please use a valid ID card or go to a staffed counter.</translation>
    </message>
    <message>
        <source>此身份证尚未生效，请到人工窗口办理。</source>
        <comment>drivers.idcard.errors.CardNotYetValid</comment>
        <extracomment>CardNotYetValid: The card was read but cannot be used here; ``reason`` names why (for diagnostics and audits).</extracomment>
        <translation>This ID card is not valid yet. Please go to a staffed counter.</translation>
    </message>
    <message>
        <source>无法识别此卡，请放置第二代居民身份证。</source>
        <comment>drivers.idcard.errors.CardTypeNotRecognised</comment>
        <extracomment>CardTypeNotRecognised: SW3 40: the card in the field is not an ID card (a bank card, a bus card…).</extracomment>
        <translation>This card is not recognised. Please use your second-generation resident ID card.</translation>
    </message>
    <message>
        <source>本机暂不支持外国人永久居留身份证，请到人工窗口办理，谢谢。</source>
        <comment>drivers.idcard.errors.ForeignerCard</comment>
        <extracomment>ForeignerCard: The card was read but cannot be used here; ``reason`` names why (for diagnostics and audits).</extracomment>
        <translation>Sorry, this terminal cannot accept the Foreigner&apos;s Permanent Residence ID Card. Please go to a staffed counter.</translation>
    </message>
    <message>
        <source>身份证号码校验未通过，无法办理，请到人工窗口。</source>
        <comment>drivers.idcard.errors.IdNumberInvalid</comment>
        <extracomment>IdNumberInvalid: The card was read but cannot be used here; ``reason`` names why (for diagnostics and audits).</extracomment>
        <translation>The ID number on this card does not pass its check. Please go to a staffed counter.</translation>
    </message>
    <message>
        <source>身份证上的性别与身份证号码不符，无法办理，请到人工窗口。</source>
        <comment>drivers.idcard.errors.SexMismatch</comment>
        <extracomment>SexMismatch: The card was read but cannot be used here; ``reason`` names why (for diagnostics and audits).</extracomment>
        <translation>The sex on this card does not match its ID number. Please go to a staffed counter.</translation>
    </message>
    <message>
        <source>本机仅支持第二代居民身份证，请到人工窗口办理，谢谢。</source>
        <comment>drivers.idcard.errors.UnsupportedCardKind</comment>
        <extracomment>UnsupportedCardKind: The card was read but cannot be used here; ``reason`` names why (for diagnostics and audits).</extracomment>
        <translation>This terminal accepts only resident ID cards. Please go to a staffed counter.</translation>
    </message>
    <message>
        <source>请将身份证放在感应区</source>
        <comment>drivers.idcard.place_card</comment>
        <extracomment>CardNotFound: SW3 80: no card in the field.</extracomment>
        <translation>Place your ID card on the reader</translation>
    </message>
    <message>
        <source>身份证读取失败，请重新放置</source>
        <comment>drivers.idcard.read_again</comment>
        <extracomment>TextBlockInvalid: The text block is not a readable resident record (a damaged card or a line fault).</extracomment>
        <translation>The card could not be read, please place it again</translation>
    </message>
    <message>
        <source>身份证阅读器故障，请联系工作人员。</source>
        <comment>drivers.idcard.reader_fault</comment>
        <extracomment>UnexpectedResult: A result code the spec does not list for this command.</extracomment>
        <translation>The ID card reader is not working. Please ask the staff.</translation>
    </message>
    <message>
        <source>打印机通信异常，凭条未能打印，请联系工作人员。</source>
        <comment>drivers.printer.bad_reply</comment>
        <translation>The printer is not communicating properly. Please ask the staff.</translation>
    </message>
    <message>
        <source>打印机正忙，请稍候。</source>
        <comment>drivers.printer.busy</comment>
        <translation>The printer is busy. Please wait a moment.</translation>
    </message>
    <message>
        <source>打印机盖未合上，凭条未能打印，请联系工作人员。</source>
        <comment>drivers.printer.cover_open</comment>
        <translation>The printer cover is open and your receipt was not printed. Please ask the staff.</translation>
    </message>
    <message>
        <source>打印机切纸故障，凭条未能打印，请联系工作人员。</source>
        <comment>drivers.printer.cutter_error</comment>
        <translation>The printer could not cut your receipt. Please ask the staff.</translation>
    </message>
    <message>
        <source>凭条内容有误，无法打印，请联系工作人员。</source>
        <comment>drivers.printer.document.DocumentError</comment>
        <extracomment>DocumentError: A receipt document that cannot be printed as given (a programming error, caught before any byte is sent).</extracomment>
        <translation>The receipt could not be prepared for printing. Please ask the staff.</translation>
    </message>
    <message>
        <source>打印机故障，凭条未能打印，请联系工作人员。</source>
        <comment>drivers.printer.hardware_error</comment>
        <translation>The printer has a fault and your receipt was not printed. Please ask the staff.</translation>
    </message>
    <message>
        <source>打印机没有响应，凭条未能打印，请联系工作人员。</source>
        <comment>drivers.printer.not_answering</comment>
        <translation>The printer is not responding and your receipt was not printed. Please ask the staff.</translation>
    </message>
    <message>
        <source>打印机暂时无法使用，请联系工作人员。</source>
        <comment>drivers.printer.offline</comment>
        <translation>The printer is not available. Please ask the staff.</translation>
    </message>
    <message>
        <source>打印机缺纸，凭条未能打印，请联系工作人员。</source>
        <comment>drivers.printer.paper_out</comment>
        <translation>The printer is out of paper and your receipt was not printed. Please ask the staff.</translation>
    </message>
    <message>
        <source>您的账户欠费￥{arrears}，请先到营业厅缴清欠费后再购气。</source>
        <comment>gas.arrears</comment>
        <extracomment>Keep {arrears} as they are.</extracomment>
        <translation>Your account owes ￥{arrears}. Please pay it at a service hall first.</translation>
    </message>
    <message>
        <source>您的燃气卡与账户记录不一致，请持卡到燃气营业厅办理。</source>
        <comment>gas.card_disagrees</comment>
        <translation>Your gas card does not match the account records. Please take it to a gas service hall.</translation>
    </message>
    <message>
        <source>您今年的购气量已达上限，如需购气请到营业厅办理。</source>
        <comment>gas.year_limit_reached</comment>
        <translation>You have reached this year&apos;s purchase limit. Please go to a service hall.</translation>
    </message>
    <message>
        <source>本机暂停服务，请联系工作人员。</source>
        <comment>kiosk.errors.ConfigError</comment>
        <extracomment>ConfigError: A config file is missing, malformed or invalid; ``problems`` lists every one.</extracomment>
        <translation>This terminal is out of service. Please ask the staff.</translation>
    </message>
    <message>
        <source>设备故障，请联系工作人员。</source>
        <comment>kiosk.errors.DeviceError</comment>
        <extracomment>DeviceError: Something went wrong with a device (printer, card reader).</extracomment>
        <translation>A device is not working. Please ask the staff.</translation>
    </message>
    <message>
        <source>操作未能完成，请稍后再试或联系工作人员。</source>
        <comment>kiosk.errors.KioskError</comment>
        <extracomment>KioskError: Base of every error the kiosk raises on purpose.</extracomment>
        <translation>The operation could not be completed. Please try again later or ask the staff.</translation>
    </message>
    <message>
        <source>服务暂时无法连接，请稍后重试。</source>
        <comment>kiosk.errors.ServiceError</comment>
        <extracomment>ServiceError: A back-end service failed, timed out or could not be reached.</extracomment>
        <translation>The service cannot be reached right now. Please try again shortly.</translation>
    </message>
    <message>
        <source>{service}返回的信息有误，请稍后重试或联系工作人员。</source>
        <comment>kiosk.services.errors.ServiceBadResponse</comment>
        <extracomment>ServiceBadResponse: An answer arrived but cannot be used: not JSON, wrong schema, a 4xx, another person&apos;s records. Keep {service} as they are.</extracomment>
        <translation>The {service} sent an answer this terminal cannot read. Please try again shortly or ask the staff.</translation>
    </message>
    <message>
        <source>查询已取消。</source>
        <comment>kiosk.services.errors.ServiceCancelled</comment>
        <extracomment>ServiceCancelled: The kiosk abandoned the call on purpose (``abort()``), e.g. the resident pressed cancel.</extracomment>
        <translation>The query was cancelled.</translation>
    </message>
    <message>
        <source>{service}响应超时，请稍后重试。</source>
        <comment>kiosk.services.errors.ServiceTimeout</comment>
        <extracomment>ServiceTimeout: No complete answer within the configured timeout. Keep {service} as they are.</extracomment>
        <translation>The {service} is taking too long to answer. Please try again shortly.</translation>
    </message>
    <message>
        <source>{service}暂时无法连接，请稍后重试。</source>
        <comment>kiosk.services.errors.ServiceUnavailable</comment>
        <extracomment>ServiceUnavailable: The back end cannot be reached (refused, reset, unknown host) or answered 5xx/429. Keep {service} as they are.</extracomment>
        <translation>The {service} cannot be reached right now. Please try again shortly.</translation>
    </message>
    <message>
        <source>{service}暂时无法使用，请稍后重试。</source>
        <comment>kiosk.services.errors._NamedServiceError</comment>
        <extracomment>_NamedServiceError: A ServiceError whose resident message names the service ({service}, shown in the resident&apos;s language). Keep {service} as they are.</extracomment>
        <translation>The {service} is not available right now. Please try again shortly.</translation>
    </message>
    <message>
        <source>该燃气账户已停用，请到燃气营业厅办理。</source>
        <comment>kiosk.services.gas_billing.AccountClosed</comment>
        <extracomment>AccountClosed: The account was closed (销户) or suspended.</extracomment>
        <translation>This gas account is no longer active. Please go to a gas service hall.</translation>
    </message>
    <message>
        <source>该燃气卡已挂失，不能充值，请到燃气营业厅办理。</source>
        <comment>kiosk.services.gas_billing.AccountLost</comment>
        <extracomment>AccountLost: The account&apos;s card was reported lost.</extracomment>
        <translation>This gas card has been reported lost and cannot be topped up. Please go to a gas service hall.</translation>
    </message>
    <message>
        <source>未找到该燃气卡的账户，请到燃气营业厅办理。</source>
        <comment>kiosk.services.gas_billing.AccountNotFound</comment>
        <extracomment>AccountNotFound: No gas account for this card number.</extracomment>
        <translation>There is no gas account for this card. Please go to a gas service hall.</translation>
    </message>
    <message>
        <source>购气金额与支付金额不一致，请联系工作人员。</source>
        <comment>kiosk.services.gas_billing.AmountMismatch</comment>
        <extracomment>AmountMismatch: The purchase amount differs from what was paid for the order.</extracomment>
        <translation>The top-up amount does not match the payment. Please ask the staff.</translation>
    </message>
    <message>
        <source>充值金额低于单次最低金额。</source>
        <comment>kiosk.services.gas_billing.AmountTooSmall</comment>
        <extracomment>AmountTooSmall: Below the smallest top-up.</extracomment>
        <translation>The amount is below the smallest top-up.</translation>
    </message>
    <message>
        <source>该账户有欠费，请先到燃气营业厅缴清欠费后再购气。</source>
        <comment>kiosk.services.gas_billing.ArrearsDue</comment>
        <extracomment>ArrearsDue: The account owes money, which must be paid (at a hall) before gas can be bought.</extracomment>
        <translation>This account has unpaid charges. Please pay them at a gas service hall first.</translation>
    </message>
    <message>
        <source>写卡次数与购气记录不符，请联系工作人员。</source>
        <comment>kiosk.services.gas_billing.CountMismatch</comment>
        <extracomment>CountMismatch: The purchase count written to the card is not the purchase&apos;s.</extracomment>
        <translation>The card&apos;s purchase count does not match the record. Please ask the staff.</translation>
    </message>
    <message>
        <source>充值金额超过单次充值上限。</source>
        <comment>kiosk.services.gas_billing.LimitExceeded</comment>
        <extracomment>LimitExceeded: Above the largest single top-up.</extracomment>
        <translation>The amount is above the largest single top-up.</translation>
    </message>
    <message>
        <source>未查到该订单的付款，如已扣款请联系工作人员。</source>
        <comment>kiosk.services.gas_billing.OrderNotPaid</comment>
        <extracomment>OrderNotPaid: Billing found no payment for the order (unknown, unpaid, closed or refunded).</extracomment>
        <translation>No payment was found for this order. If you were charged, please ask the staff.</translation>
    </message>
    <message>
        <source>该订单已用于其他购气，请联系工作人员。</source>
        <comment>kiosk.services.gas_billing.OrderUsed</comment>
        <extracomment>OrderUsed: The order already paid for another purchase (another card or amount).</extracomment>
        <translation>This order was already used for another top-up. Please ask the staff.</translation>
    </message>
    <message>
        <source>未找到该笔购气记录，请联系工作人员。</source>
        <comment>kiosk.services.gas_billing.PurchaseNotFound</comment>
        <extracomment>PurchaseNotFound: No such purchase for this card.</extracomment>
        <translation>This top-up could not be found. Please ask the staff.</translation>
    </message>
    <message>
        <source>该卡有一笔已付款的购气尚未写卡，请先完成写卡。</source>
        <comment>kiosk.services.gas_billing.PurchasePending</comment>
        <extracomment>PurchasePending: A paid purchase still waits to be written to the card: it must be written first.</extracomment>
        <translation>A paid top-up is still waiting to be written to this card. It must be written first.</translation>
    </message>
    <message>
        <source>本年度购气量已接近上限，请减少充值金额或到燃气营业厅咨询。</source>
        <comment>kiosk.services.gas_billing.YearLimitExceeded</comment>
        <extracomment>YearLimitExceeded: The volume would take the account past its yearly purchase limit.</extracomment>
        <translation>This would exceed the account&apos;s yearly gas limit. Please choose a smaller amount or ask at a gas service hall.</translation>
    </message>
    <message>
        <source>支付请求有误，请联系工作人员。</source>
        <comment>kiosk.services.payment.KeyReused</comment>
        <extracomment>KeyReused: An idempotency key came back with different details: a bug on the kiosk&apos;s side, never charged twice.</extracomment>
        <translation>The payment request was not accepted. Please ask the staff.</translation>
    </message>
    <message>
        <source>未查到该支付订单，请联系工作人员。</source>
        <comment>kiosk.services.payment.OrderNotFound</comment>
        <extracomment>OrderNotFound: The gateway has no such order.</extracomment>
        <translation>The payment order could not be found. Please ask the staff.</translation>
    </message>
    <message>
        <source>退款未能受理，请联系工作人员。</source>
        <comment>kiosk.services.payment.RefundRefused</comment>
        <extracomment>RefundRefused: The order cannot be refunded (not paid, or a different amount).</extracomment>
        <translation>The refund could not be made. Please ask the staff.</translation>
    </message>
    <message>
        <source>业务暂时无法办理，请到营业厅咨询。</source>
        <comment>kiosk.services.refusals.ServiceRefused</comment>
        <extracomment>ServiceRefused: The back end understood the request and said no (a 4xx with an error code it documents).</extracomment>
        <translation>This cannot be done here right now. Please ask at a service hall.</translation>
    </message>
</context>
<context>
    <name>terms</name>
    <message>
        <source>守信激励</source>
        <comment>credit.section.commendations</comment>
        <translation>Commendations and red list</translation>
    </message>
    <message>
        <source>信用承诺</source>
        <comment>credit.section.commitments</comment>
        <translation>Credit commitments</translation>
    </message>
    <message>
        <source>失信记录</source>
        <comment>credit.section.dishonesty</comment>
        <translation>Dishonesty records</translation>
    </message>
    <message>
        <source>行政许可</source>
        <comment>credit.section.licences</comment>
        <translation>Administrative licences</translation>
    </message>
    <message>
        <source>行政处罚</source>
        <comment>credit.section.penalties</comment>
        <translation>Administrative penalties</translation>
    </message>
    <message>
        <source>有效</source>
        <comment>credit.status.in_force</comment>
        <translation>In force</translation>
    </message>
    <message>
        <source>已移出</source>
        <comment>credit.status.removed</comment>
        <translation>Removed</translation>
    </message>
    <message>
        <source>未知</source>
        <comment>idcard.sex.0</comment>
        <translation>unknown</translation>
    </message>
    <message>
        <source>男</source>
        <comment>idcard.sex.1</comment>
        <translation>male</translation>
    </message>
    <message>
        <source>女</source>
        <comment>idcard.sex.2</comment>
        <translation>female</translation>
    </message>
    <message>
        <source>未说明</source>
        <comment>idcard.sex.9</comment>
        <translation>not stated</translation>
    </message>
    <message>
        <source>受理单位</source>
        <comment>label.accepted_by</comment>
        <translation>Accepted by</translation>
    </message>
    <message>
        <source>预告登记</source>
        <comment>label.advance_notice</comment>
        <translation>Advance notice</translation>
    </message>
    <message>
        <source>罚没金额</source>
        <comment>label.amount</comment>
        <translation>Amount</translation>
    </message>
    <message>
        <source>建筑面积</source>
        <comment>label.building_area</comment>
        <translation>Building area</translation>
    </message>
    <message>
        <source>案号</source>
        <comment>label.case_no</comment>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>不动产权证号</source>
        <comment>label.certificate_no</comment>
        <translation>Certificate no.</translation>
    </message>
    <message>
        <source>承诺内容</source>
        <comment>label.commitment</comment>
        <translation>Commitment</translation>
    </message>
    <message>
        <source>承诺日期</source>
        <comment>label.commitment_date</comment>
        <translation>Date</translation>
    </message>
    <message>
        <source>授予单位</source>
        <comment>label.granted_by</comment>
        <translation>Granted by</translation>
    </message>
    <message>
        <source>授予日期</source>
        <comment>label.granted_on</comment>
        <translation>Granted on</translation>
    </message>
    <message>
        <source>土地面积</source>
        <comment>label.land_area</comment>
        <translation>Land area</translation>
    </message>
    <message>
        <source>土地使用期限</source>
        <comment>label.land_use_term</comment>
        <translation>Land-use term</translation>
    </message>
    <message>
        <source>许可决定日期</source>
        <comment>label.licence_decision_date</comment>
        <translation>Decision date</translation>
    </message>
    <message>
        <source>许可决定书文号</source>
        <comment>label.licence_decision_no</comment>
        <translation>Decision no.</translation>
    </message>
    <message>
        <source>许可内容</source>
        <comment>label.licensed_activity</comment>
        <translation>Licensed activity</translation>
    </message>
    <message>
        <source>许可机关</source>
        <comment>label.licensing_authority</comment>
        <translation>Licensing authority</translation>
    </message>
    <message>
        <source>名单类别</source>
        <comment>label.list</comment>
        <translation>List</translation>
    </message>
    <message>
        <source>列入机关</source>
        <comment>label.listed_by</comment>
        <translation>Listed by</translation>
    </message>
    <message>
        <source>列入日期</source>
        <comment>label.listed_on</comment>
        <translation>Listed on</translation>
    </message>
    <message>
        <source>坐落</source>
        <comment>label.location</comment>
        <translation>Location</translation>
    </message>
    <message>
        <source>抵押</source>
        <comment>label.mortgage</comment>
        <translation>Mortgage</translation>
    </message>
    <message>
        <source>权利性质</source>
        <comment>label.nature</comment>
        <translation>Nature</translation>
    </message>
    <message>
        <source>异议</source>
        <comment>label.objection</comment>
        <translation>Objection</translation>
    </message>
    <message>
        <source>处罚类别</source>
        <comment>label.penalty</comment>
        <translation>Penalty</translation>
    </message>
    <message>
        <source>处罚机关</source>
        <comment>label.penalty_authority</comment>
        <translation>Authority</translation>
    </message>
    <message>
        <source>处罚决定日期</source>
        <comment>label.penalty_decision_date</comment>
        <translation>Decision date</translation>
    </message>
    <message>
        <source>处罚决定书文号</source>
        <comment>label.penalty_decision_no</comment>
        <translation>Decision no.</translation>
    </message>
    <message>
        <source>预查封</source>
        <comment>label.pre_seizure</comment>
        <translation>Pre-seizure</translation>
    </message>
    <message>
        <source>公示截止日期</source>
        <comment>label.published_until</comment>
        <translation>Published until</translation>
    </message>
    <message>
        <source>失信情形</source>
        <comment>label.reason</comment>
        <translation>Reason</translation>
    </message>
    <message>
        <source>登记日期</source>
        <comment>label.registered_on</comment>
        <translation>Registered on</translation>
    </message>
    <message>
        <source>移出日期</source>
        <comment>label.removed_on</comment>
        <translation>Removed on</translation>
    </message>
    <message>
        <source>权利类型</source>
        <comment>label.right_type</comment>
        <translation>Right type</translation>
    </message>
    <message>
        <source>权利人</source>
        <comment>label.rights_holders</comment>
        <translation>Rights holders</translation>
    </message>
    <message>
        <source>查封</source>
        <comment>label.seizure</comment>
        <translation>Seizure</translation>
    </message>
    <message>
        <source>共有情况</source>
        <comment>label.sharing</comment>
        <translation>Sharing</translation>
    </message>
    <message>
        <source>状态</source>
        <comment>label.status</comment>
        <translation>Status</translation>
    </message>
    <message>
        <source>荣誉名称</source>
        <comment>label.title</comment>
        <translation>Title</translation>
    </message>
    <message>
        <source>不动产单元号</source>
        <comment>label.unit_no</comment>
        <translation>Unit no.</translation>
    </message>
    <message>
        <source>用途</source>
        <comment>label.use</comment>
        <translation>Use</translation>
    </message>
    <message>
        <source>有效期至</source>
        <comment>label.valid_until</comment>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>违法行为</source>
        <comment>label.violation</comment>
        <translation>Violation</translation>
    </message>
    <message>
        <source>轮候查封</source>
        <comment>label.waiting_seizure</comment>
        <translation>Waiting seizure</translation>
    </message>
    <message>
        <source>按份共有</source>
        <comment>property.sharing.by_shares</comment>
        <translation>By shares</translation>
    </message>
    <message>
        <source>共同共有</source>
        <comment>property.sharing.joint</comment>
        <translation>Joint</translation>
    </message>
    <message>
        <source>单独所有</source>
        <comment>property.sharing.sole</comment>
        <translation>Sole</translation>
    </message>
    <message>
        <source>招标投标</source>
        <comment>purpose.bidding</comment>
        <translation>Public tender</translation>
    </message>
    <message>
        <source>入职审查</source>
        <comment>purpose.employment</comment>
        <translation>Employment screening</translation>
    </message>
    <message>
        <source>住房保障申请</source>
        <comment>purpose.housing</comment>
        <translation>Housing subsidy application</translation>
    </message>
    <message>
        <source>贷款审批</source>
        <comment>purpose.loan</comment>
        <translation>Loan application</translation>
    </message>
    <message>
        <source>其他</source>
        <comment>purpose.other</comment>
        <translation>Other</translation>
    </message>
    <message>
        <source>子女入学</source>
        <comment>purpose.school</comment>
        <translation>School enrolment</translation>
    </message>
    <message>
        <source>本人查询</source>
        <comment>purpose.self_query</comment>
        <translation>Personal query</translation>
    </message>
    <message>
        <source>信用信息服务</source>
        <comment>service.credit</comment>
        <translation>credit information service</translation>
    </message>
    <message>
        <source>燃气营业收费系统</source>
        <comment>service.gas_billing</comment>
        <translation>gas billing service</translation>
    </message>
    <message>
        <source>支付平台</source>
        <comment>service.payment</comment>
        <translation>payment service</translation>
    </message>
    <message>
        <source>不动产登记信息服务</source>
        <comment>service.property</comment>
        <translation>real-estate registry service</translation>
    </message>
    <message>
        <source>后台服务</source>
        <comment>service.unknown</comment>
        <translation>back-end service</translation>
    </message>
</context>
</TS>
