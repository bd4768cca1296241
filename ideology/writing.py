"""How ideology work reads in the annual report (the report's own Chinese)."""

from __future__ import annotations

from records.writing import Cluster, Sum, Writing

IDEOLOGY = Writing(
    clusters=(
        Cluster(
            "analysis",
            leads=("定期研判意识形态领域情况", "推动分析研判常态化"),
            framing=("坚持把意识形态工作纳入班子重要议事日程，定期听取汇报、分析研判",),
            count="全年召开意识形态领域情况分析研判会{n}次",
            names="重点研判{names}等方面情况，对苗头性、倾向性问题明确责任、限时处置",
            field="topics",
            plan=(
                "健全分析研判常态化机制，对重点领域、重要节点的风险隐患及早研判、及时处置",
                "把意识形态工作纳入班子成员述职评议和村（社区）年度考核，压实“一岗双责”",
            ),
            detail=False,
            target="ideology.type.analysis",
            target_text="全年召开意识形态领域情况分析研判会不少于{n}次",
            rhythm=4,
            weight=1.6,
        ),
        Cluster(
            "study",
            leads=("压实意识形态工作责任", "强化意识形态工作领导"),
            framing=("镇党委书记切实履行第一责任人职责，班子成员落实“一岗双责”",),
            count="镇党委会专题研究意识形态工作{n}次",
            names="专题研究{names}等事项",
            pattern=r"专题研究(?P<name>[^，。]+)$",
            plan=("定期在镇党委会上专题研究意识形态工作，落实意识形态工作责任清单",),
            detail=False,
            weight=2.0,
        ),
        Cluster(
            "campaign",
            leads=("加强阵地管控", "深化网络生态治理"),
            count="开展意识形态领域专项行动{n}次",
            names="先后开展{names}",
            plan=("持续开展网络生态治理、阵地排查等专项行动，压实各类宣传阵地的管理责任",),
            weight=1.2,
        ),
        Cluster(
            "opinion",
            leads=("妥善处置网络舆情", "守好网络意识形态阵地"),
            framing=("坚持早发现、早研判、早处置，做好网络舆情监测和回应",),
            count="全年妥善处置网络舆情{n}起",
            names="",
            plan=("健全网络舆情监测、研判、处置闭环，把握回应的时机和分寸",),
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
