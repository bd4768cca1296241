"""The report's own rhetoric: openings, connectors and plan headings, in the register of a
township's 总结 (see ../shared/reference/sample-annual-report.md for the genre; nothing is
copied from it). None of these states a fact: the facts come from the records.

Each bank offers several wordings; the writer picks one per town, year and place, and
avoids using one twice in a report, so two paragraphs never read alike and next year's
report does not read like this year's.
"""

from __future__ import annotations

# The summary's opening paragraph: the year's work in one breath, then its figures.
# {when} is "2025年，" or, after the year's context ("2025年是“十四五”规划收官之年。"), "一年来，".
OPENINGS = (
    "{context}{when}在上级党委的坚强领导和宣传部门的精心指导下，我镇坚持以习近平新时代中国特色社会主义思想为指导，"
    "紧扣举旗帜、聚民心、育新人、兴文化、展形象的使命任务，围绕全镇中心工作守正创新、担当作为，"
    "为推动全镇高质量发展凝聚了思想共识、提供了精神动力。",
    "{context}{when}我镇坚持以习近平新时代中国特色社会主义思想为指导，全面落实上级宣传部门工作部署，"
    "把宣传思想文化工作放在全镇工作大局中谋划推进，理论武装更加扎实，主流舆论更加响亮，"
    "文明新风更加浓厚，为全镇经济社会发展营造了良好的思想舆论氛围。",
    "{context}{when}在上级党委、宣传部门的关心指导下，我镇宣传思想文化工作以习近平新时代中国特色社会主义思想为指导，"
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
    "{name}被{outlets}宣传报道。",
    "{name}相关情况在{outlets}刊播，引起较好反响。",
    "{name}得到{outlets}关注报道。",
)
# A paragraph's one example, in its record's own words (a sentence of its summary).
EXAMPLE = ("如{subject}，{clause}。", "以{subject}为例，{clause}。", "{subject}中，{clause}。")
# …and the media that covered it, after the example.
EXAMPLE_COVERED = ("，相关做法被{outlets}宣传报道。", "，{outlets}对此作了报道。")
# A brand (品牌) with its records' count, measured in 期.
BRANDS = (
    "持续打造“{brand}”品牌，全年开展{n}期。",
    "擦亮“{brand}”品牌，全年开展{n}期。",
    "以“{brand}”为品牌，全年组织{n}期。",
)
# A brand that is its block's very work: named as the carrier, its count the block's.
BRAND_CARRIERS = ("依托“{brand}”，推动学习常态长效。", "打造“{brand}”品牌，推动活动常态化开展。")
PRACTICAL = (
    "把为群众办实事作为检验成效的重要标尺，完成{names}等实事项目{n}项。",
    "聚焦群众急难愁盼，建成{names}等民生实事项目{n}项。",
    "坚持民有所呼、我有所应，推进{names}等民生实事项目{n}项。",
)
# Practical projects the campaign did not count: named only.
PRACTICAL_MORE = ("还建成{names}等一批民生实事项目", "还推进了{names}等民生实事项目，群众获得感进一步增强")
PRACTICAL_UNNAMED = (
    "聚焦群众急难愁盼，完成民生实事项目{n}项。",
    "坚持民有所呼、我有所应，推进民生实事项目{n}项。",
)
# The campaign's work in one sentence, before its tasks.
CAMPAIGN_OVERVIEW = (
    "{name}中，全镇各级党组织开展各类活动{n}场次，参与党员群众{people}人次。",
    "围绕{name}，全镇共组织各类活动{n}场次，覆盖党员群众{people}人次。",
)
# How the campaign's work under one of its tasks reads.
CAMPAIGN_WORK = (
    "全镇先后开展{names}等{n}场次活动",
    "组织开展{names}等活动{n}场次",
    "各级党组织扎实开展{names}等活动{n}场次",
)
# …when the names are all of it.
CAMPAIGN_WORK_ALL = ("组织开展{names}", "扎实开展{names}")
# A brand in next year's plan.
BRAND_MEASURES = (
    "深化“{brand}”品牌内涵，提升活动的吸引力和影响力",
    "持续擦亮“{brand}”品牌，推动活动提质扩面",
    "做优“{brand}”品牌，推动常态长效",
)
PRACTICAL_LEADS = ("办好为民实事", "用心办好民生实事")

# The campaign's paragraph: its coverage at the end.
CAMPAIGN_MEDIA = (
    "学习教育中的经验做法被媒体和简报宣传推广，其中{parts}。",
    "注重总结宣传学习教育成效，{parts}。",
)

# Next year's plan: its opening, a heading per default theme, and how a measure list closes.
# {context}: what the year is ("2026年是“十五五”规划开局之年，也是中国共产党成立105周年。"),
# computed from the calendar (reports/writer.py, year_context); empty for an ordinary year.
PLAN_OPENINGS = (
    "{context}{when}我镇宣传思想文化工作将全面落实上级党委和宣传部门部署，"
    "紧紧围绕全镇中心工作，守正创新、真抓实干，重点抓好以下几项工作。",
    "{context}{when}我镇将紧扣全镇发展大局，在巩固已有成效的基础上补短板、强弱项、创特色，着力做好以下工作。",
)
PLAN_HEADINGS = {
    "理论武装": ("持续深化理论武装", "推动党的创新理论走深走实", "抓实抓细理论学习"),
    "意识形态": ("压紧压实意识形态工作责任", "牢牢守住意识形态阵地", "筑牢意识形态安全防线"),
    "新闻舆论": ("着力提升对外宣传实效", "讲好本镇发展故事", "做大做强正面宣传"),
    "精神文明": ("持续提升乡风文明水平", "深化新时代文明实践", "推动文明创建提质扩面"),
    "群众文化": ("着力丰富群众文化生活", "持续提升文化惠民水平", "繁荣发展群众文化"),
}
PLAN_FRAMINGS = {
    "理论武装": (
        "坚持用习近平新时代中国特色社会主义思想凝心铸魂，把学习贯彻党的创新理论作为首要政治任务。",
        "坚持学思用贯通、知信行统一，推动理论学习往深里走、往心里走、往实里走。",
    ),
    "意识形态": (
        "坚持党管宣传、党管意识形态，把责任落实到每个班子成员、每个村（社区）和站所。",
        "坚持守土有责、守土尽责，把意识形态工作摆在更加突出的位置。",
    ),
    "新闻舆论": (
        "围绕全镇中心工作和重点项目精心策划选题，提升稿件质量和传播效果。",
        "坚持内宣外宣并重，把讲好本镇故事作为展示形象的重要抓手。",
    ),
    "精神文明": (
        "以社会主义核心价值观为引领，推动文明创建由点到面、由浅入深。",
        "坚持创建为民、创建惠民，把精神文明建设融入群众生产生活各方面。",
    ),
    "群众文化": (
        "坚持以人民为中心的工作导向，推动优质文化资源向村（社区）延伸，让群众在家门口享有更多文化服务。",
        "立足群众需求，办好群众身边的文化活动，让文化发展成果更多更公平地惠及全镇群众。",
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
        "常态化开展身边好人评选，让先进典型可亲可学",
    ),
    "群众文化": (
        "发挥镇综合文化站和村（社区）文化阵地作用，培育群众文艺骨干",
        "挖掘本地特色文化资源，推动文化与乡村旅游融合发展",
    ),
}
PLAN_FALLBACK_HEADING = "扎实做好{theme}工作"
PLAN_FALLBACK_FRAMING = ("坚持问题导向和目标导向，推动各项任务落地见效。",)
# Next year's round anniversary ("庆祝中国共产党成立105周年"), in the plan's first item with events.
PLAN_MOMENTS = (
    "以{moment}为契机，精心组织主题宣传、群众性文艺演出和红色教育活动",
    "围绕{moment}，策划开展系列主题宣传和文化活动，营造浓厚氛围",
)
# Next year's campaign, when the town has set it: the plan's first item.
PLAN_CAMPAIGN_HEADINGS = ("扎实做好{name}工作", "高质量推进{name}工作")
# One measure for each of its tasks (a task is a verb phrase: "深化学习领会").
PLAN_CAMPAIGN_TASK = (
    "{task}，制定专项工作方案，明确时间表和责任人",
    "{task}，建立工作台账，实行清单化管理、项目化推进",
    "{task}，定期调度推进情况，及时总结推广好经验好做法",
    "{task}，把群众满意度作为检验成效的重要标准",
)
PLAN_CAMPAIGN_CLOSINGS = (
    "同步做好主线主题的宣传报道，在各级媒体集中展示全镇学习成效和发展变化。",
    "加强对村（社区）、站所的督促指导，推动主线主题任务在基层见行见效。",
)
