"""The report's own rhetoric: openings, connectors and plan headings, in the register of a
township's 总结 (see ../shared/reference/sample-annual-report.md for the genre; nothing is
copied from it). None of these states a fact: the facts come from the records.

Each bank offers several wordings; the writer picks one per town, year and place, and
avoids using one twice in a report, so two paragraphs never read alike and next year's
report does not read like this year's.
"""

from __future__ import annotations

# The summary's opening paragraph: the year's work in one breath, then its figures.
OPENINGS = (
    "{year}年，我镇宣传思想文化工作在上级党委宣传部门的指导下，坚持以习近平新时代中国特色社会主义思想为指导，"
    "紧扣举旗帜、聚民心、育新人、兴文化、展形象的使命任务，围绕全镇中心工作守正创新、担当作为，"
    "为推动全镇高质量发展凝聚了思想共识、提供了精神动力。",
    "{year}年，我镇坚持以习近平新时代中国特色社会主义思想为指导，全面落实上级党委宣传部门工作部署，"
    "把宣传思想文化工作放在全镇工作大局中谋划推进，理论武装更加扎实，主流舆论更加响亮，"
    "文明新风更加浓厚，为全镇经济社会发展营造了良好的思想舆论氛围。",
    "{year}年，在上级党委宣传部门的精心指导下，我镇宣传思想文化工作以习近平新时代中国特色社会主义思想为指导，"
    "坚持围绕中心、服务大局，在建设中发展、在创新中提升，各项工作取得了新的进展。",
)
OPENING_FIGURES = "全年{parts}。现将有关情况总结如下。"

# What each default theme opens with after its lead, when the town has set no framing.
THEME_FRAMINGS = {
    "理论武装": (
        "坚持把学习贯彻习近平新时代中国特色社会主义思想作为首要政治任务，推动党的创新理论入脑入心、落地生根。",
        "始终把理论武装摆在首位，以领导干部带头学促进党员群众跟进学，推动学习往深里走、往实里走。",
    ),
    "意识形态": (
        "认真落实意识形态工作责任制，把意识形态工作纳入班子重要议事日程，牢牢掌握意识形态工作领导权。",
        "坚持守土有责、守土负责、守土尽责，健全分析研判、阵地管理、舆情处置等工作机制，守牢意识形态安全底线。",
    ),
    "新闻舆论": (
        "坚持正确舆论导向，围绕全镇中心工作策划选题、讲好故事，对外宣传的声量和影响持续提升。",
        "紧扣全镇重点工作和群众身边的新变化，加强与各级媒体的沟通联系，持续放大正面声音。",
    ),
    "精神文明": (
        "坚持以社会主义核心价值观引领文明创建，深化新时代文明实践，推动文明乡风、良好家风、淳朴民风蔚然成风。",
        "把精神文明建设融入基层治理和群众日常，以文明实践阵地为依托、以志愿服务为纽带，推动文明新风吹进千家万户。",
    ),
    "群众文化": (
        "坚持以人民为中心的工作导向，贴近群众需求办好文化活动，让群众在家门口享受文化发展成果。",
        "立足本地文化资源，丰富群众精神文化生活，群众的获得感、幸福感不断增强。",
    ),
}
FRAMING_FALLBACK = (
    "坚持围绕中心、服务大局，扎实推进各项工作，取得了积极成效。",
    "结合实际抓好工作落实，推动各项任务落地见效。",
)

# Said once in a paragraph before the names of smaller pieces of work.
ALSO = ("此外，还开展了{names}等工作。", "同时，组织开展{names}等活动。", "还先后开展了{names}等工作。")
# A record named with the outlets that carried it.
COVERED = (
    "其中，{name}被{outlets}宣传报道。",
    "{name}相关情况在{outlets}刊播，引起较好反响。",
    "{name}得到{outlets}关注报道。",
)
# The best of a block's work told in its own record's words (its summary's first sentence).
DETAIL = ("其中，{subject}中，{clause}。", "在{subject}中，{clause}。", "{subject}期间，{clause}。")
JOINED = (
    "其中，{name}吸引{people}人次参与。",
    "{name}参与群众达{people}人次。",
)
# A brand (品牌) with its records' count, measured in 期.
BRANDS = (
    "持续打造“{brand}”品牌，全年开展{n}期。",
    "擦亮“{brand}”品牌，全年开展{n}期。",
    "以“{brand}”为品牌，全年组织{n}期。",
)
PRACTICAL = (
    "坚持以学促干、为民办事，推进{names}等民生实事项目{n}项。",
    "把为群众办实事作为检验成效的重要标尺，完成{names}等实事项目{n}项。",
    "聚焦群众急难愁盼，建成{names}等民生实事项目{n}项。",
)
PRACTICAL_UNNAMED = (
    "坚持以学促干、为民办事，推进民生实事项目{n}项。",
    "聚焦群众急难愁盼，完成民生实事项目{n}项。",
)
# The campaign's work in one sentence, before its tasks.
CAMPAIGN_OVERVIEW = (
    "全镇各级党组织围绕学习教育开展各类活动{n}场次，参与党员群众{people}人次。",
    "学习教育期间，全镇共组织各类活动{n}场次，覆盖党员群众{people}人次。",
)
# How the campaign's work under one of its tasks reads.
CAMPAIGN_WORK = (
    "先后组织{names}等{n}场次活动",
    "组织开展{names}等活动{n}场次",
    "{names}等{n}场次活动有序开展",
    "扎实开展{names}等活动{n}场次",
)
# A brand in next year's plan.
BRAND_MEASURES = (
    "深化“{brand}”品牌内涵，提升活动的吸引力和影响力",
    "持续擦亮“{brand}”品牌，推动活动提质扩面",
    "做优“{brand}”品牌，推动常态长效",
)
PRACTICAL_LEADS = ("办好为民实事", "用心办好民生实事")
HONOURS_OF_TOWN = ("我镇荣获{names}称号。", "我镇获评{names}。")
HONOURS_OF_OTHERS = ("{names}。", "先后获得{names}等荣誉。")

# The campaign's paragraph: its coverage at the end.
CAMPAIGN_MEDIA = (
    "相关做法在各级平台交流推广，{parts}。",
    "有关经验做法被各级媒体和简报刊发，{parts}。",
)

# Next year's plan: its opening, a heading per default theme, and how a measure list closes.
PLAN_OPENINGS = (
    "{next}年，我镇宣传思想文化工作将继续以习近平新时代中国特色社会主义思想为指导，全面贯彻落实上级党委宣传部门部署，"
    "围绕全镇中心工作，坚持守正创新，重点抓好以下几项工作。",
    "{next}年，我镇将坚持以习近平新时代中国特色社会主义思想为指导，紧扣全镇发展大局，"
    "在巩固已有成效的基础上补短板、强弱项、创特色，着力做好以下工作。",
)
PLAN_HEADINGS = {
    "理论武装": ("持续深化理论武装", "切实抓好政治理论学习", "推动党的创新理论走深走实"),
    "意识形态": ("坚决维护意识形态安全", "压紧压实意识形态工作责任", "牢牢守住意识形态阵地"),
    "新闻舆论": ("不断壮大主流舆论", "着力提升对外宣传实效", "讲好本镇发展故事"),
    "精神文明": ("深化推进精神文明建设", "持续提升全域文明水平", "深化新时代文明实践"),
    "群众文化": ("着力丰富群众文化生活", "持续提升文化惠民水平", "繁荣发展群众文化"),
}
PLAN_FRAMINGS = {
    "理论武装": (
        "坚持用习近平新时代中国特色社会主义思想凝心铸魂，把学习贯彻党的创新理论作为首要政治任务。",
        "坚持学思用贯通、知信行统一，推动理论学习往深里走、往心里走、往实里走。",
    ),
    "意识形态": (
        "适应意识形态工作新形势新任务，健全完善意识形态工作责任制落实机制。",
        "坚持守土有责、守土尽责，把意识形态工作摆在更加突出的位置。",
    ),
    "新闻舆论": (
        "围绕全镇中心工作和重点项目精心策划选题，提升稿件质量和传播效果。",
        "坚持内宣外宣并重，加强与各级媒体的沟通对接，持续扩大我镇影响力。",
    ),
    "精神文明": (
        "以社会主义核心价值观为引领，推动文明创建由点到面、由浅入深。",
        "坚持创建为民、创建惠民，把精神文明建设融入群众生产生活各方面。",
    ),
    "群众文化": (
        "坚持以人民为中心的工作导向，推动优质文化资源向村（社区）延伸。",
        "立足群众需求，办好群众身边的文化活动，让文化发展成果更多惠及群众。",
    ),
}
# Measures every plan item of a theme may take, after those its year's work suggested.
PLAN_MEASURES = {
    "理论武装": (
        "用好新时代文明实践所（站）、党群服务中心等阵地，推动理论学习向基层延伸",
        "加强青年干部理论学习，健全学习考勤和学习成果交流制度",
    ),
    "意识形态": (
        "落实意识形态工作责任清单，定期检查考核各村（社区）、站所责任落实情况",
        "加强网络阵地管理，做好重要时间节点的舆情监测和应对",
    ),
    "新闻舆论": (
        "加强通讯员队伍建设，定期开展新闻写作培训，提升稿件质量",
        "用好本镇自有宣传平台，及时发布全镇重点工作和群众关心的信息",
    ),
    "精神文明": (
        "壮大志愿服务队伍，健全志愿服务项目化运作机制",
        "做好道德模范、身边好人等先进典型的选树宣传",
    ),
    "群众文化": (
        "发挥镇综合文化站和村（社区）文化阵地作用，培育群众文艺骨干",
        "挖掘本地特色文化资源，推动文化与乡村旅游融合发展",
    ),
}
PLAN_FALLBACK_HEADING = "扎实做好{theme}工作"
PLAN_FALLBACK_FRAMING = ("坚持问题导向和目标导向，推动各项任务落地见效。",)
PLAN_CLOSINGS = (
    "确保各项工作有计划、有落实、有成效。",
    "以实际成效推动全镇宣传思想文化工作再上新台阶。",
    "推动各项工作提质增效。",
)
