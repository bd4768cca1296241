"""How ideology work reads in the annual report (the report's own Chinese)."""

from __future__ import annotations

from records.writing import Cluster, Sum, Writing

IDEOLOGY = Writing(
    clusters=(
        Cluster(
            "analysis",
            leads=("压实意识形态工作责任", "定期研判意识形态领域情况"),
            framing=("坚持把意识形态工作纳入班子重要议事日程，定期听取汇报、分析研判",),
            count="全年召开意识形态领域情况分析研判会{n}次",
            names="重点研判{names}等方面情况，对苗头性、倾向性问题明确责任、限时处置",
            field="topics",
            plan=(
                "完善意识形态领域情况分析研判制度，每季度至少召开一次分析研判会",
                "健全意识形态工作责任制考核机制，压实班子成员一岗双责",
            ),
            detail=False,
            target="ideology.type.analysis",
            target_text="全年召开意识形态领域情况分析研判会不少于{n}次",
            weight=1.6,
        ),
        Cluster(
            "study",
            leads=("强化意识形态工作领导",),
            count="镇党委会专题研究意识形态工作{n}次",
            names="研究部署{names}",
            pattern=r"专题研究(?P<name>[^，。]+)$",
        ),
        Cluster(
            "campaign",
            leads=("深化专项行动", "加强阵地管控"),
            count="开展意识形态领域专项行动{n}次",
            names="先后开展{names}",
            plan=("深化维护意识形态安全专项行动，加强对各类宣传阵地的管理",),
            weight=1.2,
        ),
        Cluster(
            "opinion",
            leads=("妥善处置网络舆情", "牢牢掌握网络意识形态主导权"),
            framing=("坚持早发现、早研判、早处置，做好网络舆情监测和回应",),
            count="全年妥善处置网络舆情{n}起",
            names="",
            plan=("加强网络舆情监测研判，提升舆情处置的时度效",),
            weight=1.3,
        ),
        Cluster(
            "commentary",
            leads=("发挥网评员队伍作用",),
            count="组织网评引导{n}次",
            sums=(Sum("participants", "，参与网评员{n}人次", "ideology.participants"),),
            names="",
            plan=("发挥网评员队伍作用，持续加强网上正面引导",),
        ),
        Cluster(
            "inspection",
            leads=("加强阵地管理", "守好基层宣传阵地"),
            count="开展意识形态阵地检查{n}次",
            names="",
            plan=("定期检查宣传栏、文化礼堂等基层阵地，落实阵地管理责任",),
        ),
        Cluster(
            "anti_porn",
            leads=("扎实开展扫黄打非工作",),
            count="开展扫黄打非专项行动{n}次",
            names="组织{names}",
            plan=("深入开展扫黄打非工作，净化文化市场和校园周边环境",),
        ),
    ),
    default=Cluster("other", leads=("扎实做好意识形态其他工作",), count="", names="还开展了{names}等工作"),
    noun="工作",
)
