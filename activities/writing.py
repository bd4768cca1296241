"""How study sessions, publicity events and volunteer activities read in the annual report.

The report's own Chinese (records/writing.py says how the writer uses it). A count's
{n}, a sum's {n} and {names} are filled from the records; nothing here states a fact.
"""

from __future__ import annotations

from records.writing import Cluster, Sum, Writing

STUDY = Writing(
    overview="全年组织各类理论学习{n}次",
    sums=(Sum("participants", "，累计参学{n}人次", "study.attendance"),),
    clusters=(
        Cluster(
            "central_group",
            leads=("抓实党委中心组学习", "突出领导干部带头学", "发挥中心组学习示范带头作用"),
            framing=(
                "坚持把中心组学习作为提高班子理论素养和履职能力的重要抓手",
                "坚持以上率下、学用结合，推动班子成员带头学、深入学",
            ),
            count="全年开展镇党委理论学习中心组集中学习{n}次",
            sums=(Sum("", "，平均参学率{n}%", "study.central_group_rate"),),
            names="围绕{names}等专题深入开展学习研讨，班子成员结合分管工作交流发言",
            pattern=r"(?:专题学习|围绕|领学)(?P<name>[^，。]+?)(?:开展专题研讨|。|，|$)",
            plan=(
                "突出抓好党委理论学习中心组学习，落实集体学习、专题研讨、交流发言等制度",
                "引导班子成员把学习成果转化为抓好分管工作的具体举措",
            ),
            detail=False,
            target="study.type.central_group",
            target_text="全年组织镇党委理论学习中心组集中学习不少于{n}次",
            rhythm=12,
            weight=1.5,
        ),
        Cluster(
            "collective",
            leads=("推动基层党员学习常态化", "抓实基层党员集中学习"),
            framing=("以主题党日、党员冬训为载体，推动理论学习向基层延伸",),
            count="指导各村（社区）、站所党组织开展集中学习{n}次",
            sums=(Sum("participants", "，参学党员{n}人次", "study.attendance"),),
            names="组织党员集中学习{names}等内容",
            pattern=r"集中学习(?P<name>[^，。]+)$",
            plan=("扎实开展主题党日和基层党员冬训，推动党员学习教育常态化、制度化",),
        ),
        Cluster(
            "lecture",
            leads=("广泛开展理论宣讲", "推动理论宣讲进村入户"),
            framing=("组织宣讲骨干走进村（社区）、企业，用群众听得懂的语言讲政策、讲变化",),
            count="全年开展专题宣讲{n}场",
            sums=(Sum("participants", "，覆盖党员群众{n}人次", "study.attendance"),),
            names="推出{names}等宣讲",
            plan=(
                "用好各级宣讲力量，推动分众化、互动化宣讲，让党的创新理论走进千家万户",
                "加强基层宣讲员队伍建设，打造一批群众喜爱的宣讲品牌",
            ),
            target="study.type.lecture",
            target_text="全年开展各类专题宣讲不少于{n}场",
            weight=1.2,
        ),
        Cluster(
            "party_class",
            leads=("领导干部带头讲党课", "发挥党课教育作用"),
            count="",  # every branch secretary gives one: a town's count reads as a shortfall
            names="开展{names}等",
            plan=("坚持书记讲党课制度，增强党课的针对性和感染力",),
        ),
        Cluster(
            "on_site",
            leads=("用好实境课堂", "推动学习走出会议室"),
            count="组织实境课堂教学{n}次",
            names="组织党员走进{names}等地开展实境学习",
            pattern=r"走进(?P<name>[^，。]+?)开展",
            plan=("用好本地红色资源和产业一线，常态化开展实境课堂教学",),
        ),
        Cluster(
            "reading",
            leads=("深化全民阅读", "营造书香氛围"),
            count="开展读书活动{n}场",
            sums=(Sum("participants", "，参与群众{n}人次", "study.attendance"),),
            names="举办{names}等活动",
            plan=("深入开展全民阅读活动，用好农家书屋、文化站等阅读阵地",),
        ),
    ),
    default=Cluster(
        "other",
        leads=("丰富学习形式",),
        count="",
        names="还组织{names}等学习活动",
    ),
    noun="学习",
)

EVENT = Writing(
    overview="",
    clusters=(
        Cluster(
            "themed",
            leads=("深入开展主题宣传", "围绕中心开展主题宣传"),
            leads_in={
                "精神文明": ("持续深化文明创建", "以主题宣传带动文明创建"),
                "意识形态": ("深入开展法治和安全宣传",),
            },
            framing=("围绕重要时间节点和全镇中心工作，精心组织主题宣传活动",),
            count="全年开展主题宣传活动{n}场",
            sums=(Sum("participants", "，参与群众{n}人次", "event.participants"),),
            names="组织{names}等",
            plan=("围绕重大主题和重要节点，精心策划主题宣传活动，营造浓厚氛围",),
            weight=0.8,
        ),
        Cluster(
            "moral_forum",
            leads=("深化道德实践", "以道德讲堂涵养文明风尚"),
            framing=("以身边人讲身边事、身边人学身边事，引导群众崇德向善",),
            count="举办道德讲堂{n}场",
            sums=(Sum("participants", "，受教育群众{n}人次", "event.participants"),),
            names="开展{names}",
            plan=("丰富道德讲堂的内容和形式，深入挖掘身边好人，讲好凡人善举",),
            target="event.type.moral_forum",
            target_text="全年举办道德讲堂不少于{n}场",
            weight=1.3,
            theme="精神文明",
        ),
        Cluster(
            "performance",
            leads=("推动文艺演出惠及群众", "丰富群众文化生活"),
            framing=("坚持把优质文艺资源送到群众身边",),
            count="全年组织文艺演出{n}场",
            sums=(Sum("participants", "，观众{n}人次", "event.participants"),),
            names="举办{names}等演出",
            plan=("办好送戏下乡和广场文艺演出，推动文艺演出进村入户",),
            target="event.type.performance",
            target_text="全年组织各类文艺演出不少于{n}场",
            weight=1.3,
        ),
        Cluster(
            "festival",
            leads=("办好传统节日文化活动", "用好节庆文化载体"),
            framing=("结合传统节日和重要节庆，开展群众喜闻乐见的文化活动",),
            count="开展节庆文化活动{n}场",
            sums=(Sum("participants", "，参与群众{n}人次", "event.participants"),),
            names="举办{names}等活动",
            plan=("深化传统节日文化活动，让传统文化浸润群众心田",),
        ),
        Cluster(
            "exhibition",
            leads=("办好展览展示",),
            count="举办展览展示{n}场",
            sums=(Sum("participants", "，参观群众{n}人次", "event.participants"),),
            names="推出{names}",
        ),
        Cluster(
            "sports",
            leads=("广泛开展群众文体活动", "推动群众体育蓬勃开展"),
            count="举办群众文体活动{n}场",
            sums=(Sum("participants", "，参与群众{n}人次", "event.participants"),),
            names="开展{names}等赛事活动",
            plan=("持续办好村（社区）篮球赛等群众性文体赛事",),
        ),
        Cluster(
            "promotion",
            leads=("做好对外推介", "扩大对外影响"),
            count="举办各类推介会{n}场",
            names="成功举办{names}",
            plan=("用好推介会等平台，推介本地产业和特色资源",),
        ),
    ),
    default=Cluster("other", leads=("开展特色活动",), count="", names="还开展了{names}等活动"),
)

VOLUNTEER = Writing(
    overview="全年开展志愿服务活动{n}次",
    sums=(
        Sum("volunteers", "，参与志愿者{n}人次", "volunteer.volunteers"),
        Sum("service_hours", "，累计服务时长{n}小时", "volunteer.hours"),
        Sum("beneficiaries", "，服务群众{n}人次", "volunteer.beneficiaries"),
    ),
    clusters=(
        Cluster(
            "care",
            leads=("深化关爱帮扶志愿服务", "用心做好关爱帮扶"),
            framing=("聚焦老年人、留守儿童、困难群众等群体，常态开展关爱帮扶",),
            count="开展关爱帮扶类志愿服务{n}次",
            names="先后开展{names}",
            plan=("聚焦老年人、未成年人和困难群众，常态化开展关爱帮扶志愿服务",),
            target="volunteer.count",
            target_text="全年开展各类志愿服务活动不少于{n}次",
            weight=1.2,
        ),
        Cluster(
            "civility",
            leads=("常态开展文明劝导", "推动文明习惯养成"),
            count="开展文明劝导志愿服务{n}次",
            names="开展{names}等",
            plan=("常态化开展文明劝导，引导群众养成文明习惯",),
        ),
        Cluster(
            "environment",
            leads=("助力人居环境整治", "守护美丽家园"),
            count="开展环境整治类志愿服务{n}次",
            names="组织{names}等",
            plan=("组织志愿者参与人居环境整治，助力美丽乡村建设",),
        ),
        Cluster(
            "theory",
            leads=("让志愿宣讲走进田间地头", "以志愿服务传播党的声音"),
            count="开展理论宣讲类志愿服务{n}次",
            names="开展{names}",
        ),
        Cluster(
            "health",
            leads=("守护群众健康",),
            count="开展卫生健康类志愿服务{n}次",
            names="开展{names}",
        ),
        Cluster(
            "culture",
            leads=("以文化志愿服务丰富群众生活",),
            count="开展文体类志愿服务{n}次",
            names="开展{names}",
        ),
    ),
    default=Cluster("other", leads=("开展多样化志愿服务",), count="", names="还开展了{names}等志愿服务"),
    noun="志愿服务",
)
