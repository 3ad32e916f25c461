#!/usr/bin/python3
"""Writes the shipped questionnaires (config/forms/*.xlsx) as XLSForm workbooks: the seed's
attachments 1-4 (第三篇). A county changes its forms by editing the XLSX files themselves (Excel,
WPS, or any XLSForm tool) and checking them with `duban form check`; this script is how the
shipped ones were first written, kept so their text can be read and regenerated.
Usage: /usr/bin/python3 scripts/make-forms.py [OUTPUT_DIR]   (default config/forms)"""
import os
import sys

import openpyxl

SURVEY_COLUMNS = ["type", "name", "label", "hint", "required", "relevant", "constraint",
                  "constraint_message", "calculation", "default", "problem", "problem_category",
                  "problem_text"]

YES_NO = [("yes", "是"), ("no", "否")]


def q(type_, name, label="", **kw):
    row = {"type": type_, "name": name, "label": label}
    row.update(kw)
    return row


def yn(name, label, **kw):
    return q("select_one yes_no", name, label, required="yes", **kw)


def problem_if(answer, category, text):
    """The answer `answer` (a choice name) to this question is a problem."""
    return {"problem": f". = '{answer}'", "problem_category": category, "problem_text": text}


def write(path, settings, survey, choices):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(SURVEY_COLUMNS)
    for row in survey:
        unknown = set(row) - set(SURVEY_COLUMNS)
        assert not unknown, unknown
        sheet.append([row.get(c, "") for c in SURVEY_COLUMNS])
    sheet.column_dimensions["C"].width = 60
    sheet.column_dimensions["F"].width = 30
    sheet.column_dimensions["M"].width = 40
    ch = book.create_sheet("choices")
    ch.append(["list_name", "name", "label"])
    for list_name, options in choices.items():
        for name, label in options:
            ch.append([list_name, name, label])
    st = book.create_sheet("settings")
    st.append(list(settings))
    st.append(list(settings.values()))
    book.save(path)


# The subject's own question (settings: subject_field): the page fills it in; an ODK or Kobo
# export carries it in its column, by which `duban survey import-submissions` finds the subject.
HOUSEHOLD_SUBJECT = q("text", "household_number", "户编号", hint="花名册中的户编号")
VILLAGE_SUBJECT = q("text", "village", "乡镇/村", hint="如 龙潭镇/龙潭村(乡镇写名称或代码)")


def covid_and_closing(title, question):
    """Both household forms end alike: 新冠肺炎疫情影响情况调查, a photo, other problems."""
    return [
        q("begin_group", "covid", title),
        yn("covid_impact", question),
        q("text", "covid_detail", "带来哪些大的影响", required="yes", relevant="${covid_impact} = 'yes'"),
        q("text", "covid_solution", "是怎么解决的", relevant="${covid_impact} = 'yes'"),
        q("end_group", ""),
        q("image", "photo", "照片(证据)"),
        q("text", "remarks", "调查发现的其他问题"),
    ]


def exit_check(out):
    """附件1 贫困村退出核查标准: each indicator computed from the facts entered and the roster."""
    survey = [
        q("note", "intro", "贫困村退出核查:以行政村为单位,贫困发生率为主要衡量标准;逐项填写核查所见,"
          "不达标的项目自动列为问题。"),
        VILLAGE_SUBJECT,
        q("calculate", "population", calculation="roster('population')"),
        q("calculate", "poor_population", calculation="roster('poor_population')"),
        q("calculate", "incidence", "贫困发生率(%)", calculation="${poor_population} * 100 div ${population}",
          problem=". >= 2", problem_category="贫困发生率",
          problem_text="贫困发生率 ${incidence}%(未脱贫 ${poor_population} 人/全村 ${population} 人),"
                       "未降至 2% 以下"),
        q("begin_group", "road", "(二)通村公路"),
        yn("road_hardened", "有一条通村公路实现硬化(沥青、水泥或其他硬化路面,通至村委会或学校)?",
           **problem_if("no", "基础设施", "没有一条实现硬化的通村公路")),
        yn("road_exempt", "该路线是否工程艰巨、地质复杂、对环境影响大、交通量小、占用耕地较多或通至人口较少的行政村"
           "(此类路线路面宽度不低于 3.0 米即可)?", relevant="${road_hardened} = 'yes'"),
        q("calculate", "road_min", calculation="if(${road_exempt} = 'yes', 3.0, 3.5)"),
        q("decimal", "road_width", "硬化路面宽度(米)", required="yes", relevant="${road_hardened} = 'yes'",
          constraint=". > 0 and . < 50", constraint_message="路面宽度应在 0–50 米之间",
          problem=". < ${road_min}", problem_category="基础设施",
          problem_text="通村公路硬化路面宽 ${road_width} 米,低于 ${road_min} 米"),
        q("end_group", ""),
        yn("bus_applicable", "(三)该村是否具备通客运班车的条件?"),
        q("decimal", "bus_distance", "距客运班车(公交化运营车辆)起终点或停靠站点的距离(公里)", required="yes",
          relevant="${bus_applicable} = 'yes'", constraint=". >= 0",
          problem=". > 2", problem_category="基础设施",
          problem_text="距客运班车站点 ${bus_distance} 公里,超过 2 公里"),
        q("begin_group", "water", "(四)农村饮用水"),
        yn("water_quality", "水质符合《农村实施〈生活饮用水卫生标准〉准则》要求?",
           **problem_if("no", "饮水安全", "农村饮用水水质不达标")),
        q("decimal", "water_liters", "每人每天可获得的水量(升)", required="yes", constraint=". >= 0",
          problem=". < 40", problem_category="饮水安全",
          problem_text="每人每天可获得水量 ${water_liters} 升,低于 40 升"),
        q("decimal", "water_minutes", "取水往返时间(分钟)", required="yes", constraint=". >= 0",
          problem=". > 10", problem_category="饮水安全",
          problem_text="取水往返 ${water_minutes} 分钟,超过 10 分钟"),
        q("decimal", "water_supply", "供水保证率(%)", required="yes",
          constraint=". >= 0 and . <= 100", constraint_message="百分比应在 0–100 之间",
          problem=". < 95", problem_category="饮水安全",
          problem_text="供水保证率 ${water_supply}%,低于 95%"),
        q("end_group", ""),
        q("begin_group", "power", "(五)用电"),
        q("decimal", "power_rate", "通动力电率(%)", required="yes", constraint=". >= 0 and . <= 100",
          problem=". < 100", problem_category="基础设施", problem_text="通动力电率 ${power_rate}%,未达到 100%"),
        q("decimal", "household_power", "户户通电率(%)", required="yes", constraint=". >= 0 and . <= 100",
          problem=". < 100", problem_category="基础设施",
          problem_text="户户通电率 ${household_power}%,未达到 100%"),
        q("end_group", ""),
        yn("broadcast", "(六)广播电视户户通?", **problem_if("no", "公共服务", "广播电视未实现户户通")),
        q("select_multiple culture_items", "culture", "(七)综合性文化服务中心现有(可多选)",
          problem="count-selected(.) < 7", problem_category="公共服务",
          problem_text="综合性文化服务中心不全,仅有:${culture}"),
        q("begin_group", "clinic", "(八)标准化卫生室、(九)合格乡村医生"),
        q("decimal", "clinic_area", "村卫生室房屋建筑面积(平方米)", required="yes", constraint=". >= 0",
          problem=". < 60", problem_category="公共服务",
          problem_text="村卫生室建筑面积 ${clinic_area} 平方米,不足 60 平方米"),
        q("select_multiple clinic_rooms", "clinic_rooms", "村卫生室设有(可多选)",
          problem="count-selected(.) < 4", problem_category="公共服务",
          problem_text="村卫生室科室不全,仅有:${clinic_rooms}"),
        q("integer", "clinic_staff", "村卫生室人员数", required="yes", constraint=". >= 0",
          problem=". * 1000 < ${population}", problem_category="公共服务",
          problem_text="村卫生室人员 ${clinic_staff} 名,少于每千人 1 名(全村 ${population} 人)"),
        yn("doctor_certified", "至少有一名村医持有《乡村医生执业证书》《执业医师资格证》或《执业助理医师资格证》?",
           **problem_if("no", "公共服务", "村卫生室没有合格乡村医生或执业(助理)医师")),
        q("end_group", ""),
        q("begin_group", "broadband", "(十)宽带"),
        yn("broadband_fiber", "光纤通达(移动、联通、电信有一家即可)?",
           **problem_if("no", "公共服务", "未实现光纤通达")),
        q("decimal", "broadband_mbps", "可为农户提供的宽带接入速率(兆)", required="yes",
          relevant="${broadband_fiber} = 'yes'", constraint=". >= 0",
          problem=". < 50", problem_category="公共服务",
          problem_text="宽带接入速率 ${broadband_mbps} 兆,低于 50 兆"),
        q("end_group", ""),
        q("text", "industry", "(十一)产业发展情况"),
        q("decimal", "collective_income", "村集体经济年收入(万元)", constraint=". >= 0"),
        q("image", "photo", "照片(核查所见)"),
        q("text", "remarks", "其他情况"),
    ]
    choices = {
        "yes_no": YES_NO,
        "culture_items": [("room", "文化活动室"), ("square", "文体广场"), ("stage", "简易戏台"),
                          ("board", "宣传栏"), ("culture_kit", "文化器材"), ("radio_kit", "广播器材"),
                          ("sports_kit", "体育设施器材")],
        "clinic_rooms": [("consulting", "诊室"), ("treatment", "治疗室"), ("public_health", "公共卫生室"),
                         ("pharmacy", "药房")],
    }
    write(os.path.join(out, "village-exit-check.xlsx"),
          {"form_id": "village_exit_check", "form_title": "贫困村退出核查标准(附件1)", "version": "2020.1",
           "subject": "village", "household_kinds": "", "subject_field": "village"}, survey, choices)


REASONS = [("hardship", "家庭困难"), ("unwilling", "不想上学,自己放弃"), ("health", "身体条件不允许"),
           ("other", "其他")]


def registered(out):
    """附件2 建档立卡户入户调查问卷 (贫困户、脱贫户)."""
    s = []
    s += [
        HOUSEHOLD_SUBJECT,
        q("select_one attribute", "attribute", "该户属性", required="yes",
          problem=". != roster('kind')", problem_category="精准识别",
          problem_text="该户属性(${attribute})与花名册不符"),
        yn("returned", "是否返贫户?", relevant="${attribute} = 'poor'"),
        q("integer", "people", "家庭人口(人)", required="yes", constraint=". >= 1 and . <= 30"),
        q("begin_group", "water", "一、饮水安全政策"),
        yn("water_ok", "1. 调查户饮水安全保障是否实现?",
           **problem_if("no", "饮水安全", "饮水安全保障未实现:${water_issue}")),
        q("select_multiple water_issues", "water_issue", "如为“否”,体现在哪个方面", required="yes",
          relevant="${water_ok} = 'no'"),
        q("end_group", ""),
        yn("has_student", "该户是否有在校学生(含学前教育)?"),
        q("begin_group", "education", "二、教育扶贫政策(仅有在校学生的户调查)", relevant="${has_student} = 'yes'"),
        yn("compulsory", "是否有义务教育阶段学生?"),
        yn("dropout", "2. 义务教育阶段学生是否辍学?", relevant="${compulsory} = 'yes'",
           **problem_if("yes", "教育扶贫", "义务教育阶段学生辍学,原因:${dropout_reason} ${dropout_other}")),
        q("select_one dropout_reasons", "dropout_reason", "(1)辍学原因", required="yes",
          relevant="${dropout} = 'yes'"),
        q("text", "dropout_other", "其他原因", required="yes", relevant="${dropout_reason} = 'other'"),
        yn("persuaded", "是否开展劝返复学工作?", relevant="${dropout} = 'yes'",
           **problem_if("no", "教育扶贫", "辍学学生未开展劝返复学工作")),
        yn("edu_policy", "(2)如无辍学,2019年教育扶持政策是否全部落实到位?", relevant="${dropout} = 'no'",
           **problem_if("no", "教育扶贫", "教育扶持政策未全部落实到位:${edu_policy_missing}")),
        q("text", "edu_policy_missing", "哪些政策没有落实到位", required="yes", relevant="${edu_policy} = 'no'"),
        q("select_multiple stages", "other_stage", "3. 其他阶段在校生(含学前教育)在哪个阶段(可多选)"),
        yn("other_policy", "2019年是否享受全部教育扶持政策?", relevant="count-selected(${other_stage}) > 0",
           **problem_if("no", "教育扶贫", "其他阶段在校生未全部享受教育扶持政策:${other_missing}")),
        q("text", "other_missing", "哪些项目未享受", required="yes", relevant="${other_policy} = 'no'"),
        q("end_group", ""),
        q("begin_group", "health", "三、健康扶贫政策"),
        yn("insured", "4. 家庭成员是否都参加基本医保和大病保险?",
           **problem_if("no", "健康扶贫", "家庭成员未全部参加基本医保和大病保险")),
        yn("premium_subsidy", "是否获得政府保费补贴?", **problem_if("no", "健康扶贫", "未获得政府保费补贴")),
        yn("medical_gap", "5. 是否存在医疗保障政策落实不到位的情况?",
           **problem_if("yes", "健康扶贫", "医疗保障政策落实不到位:${medical_gap_detail}")),
        q("text", "medical_gap_detail", "哪些医疗保障政策没有落实到位", required="yes",
          relevant="${medical_gap} = 'yes'"),
        yn("chronic", "6. 是否有符合家庭医生签约服务的慢性病患者?"),
        yn("signed", "是否签约?", relevant="${chronic} = 'yes'",
           **problem_if("no", "健康扶贫", "慢性病患者未签约家庭医生")),
        yn("doctor_service", "签约医生是否提供相关服务?", relevant="${signed} = 'yes'",
           **problem_if("no", "健康扶贫", "签约医生未提供相关服务")),
        yn("chronic_card", "是否有慢性病卡?", relevant="${chronic} = 'yes'",
           **problem_if("no", "健康扶贫", "慢性病患者没有慢性病卡")),
        yn("chronic_subsidy", "慢性病合规药费是否享受了补助?", relevant="${chronic} = 'yes'",
           **problem_if("no", "健康扶贫", "慢性病合规药费未享受补助:${chronic_subsidy_why}")),
        q("text", "chronic_subsidy_why", "没有享受原因", required="yes", relevant="${chronic_subsidy} = 'no'"),
        yn("hospitalized", "7. 家庭成员在2019年是否有住院治疗?"),
        yn("one_stop", "先诊疗后付费、“一站式”结算政策是否落实?", relevant="${hospitalized} = 'yes'",
           **problem_if("no", "健康扶贫", "先诊疗后付费、“一站式”结算政策未落实")),
        q("end_group", ""),
        yn("housing_target", "是否危改户或住房无保障户?"),
        q("begin_group", "housing", "四、危房改造政策(仅危改户和住房无保障户调查)",
          relevant="${housing_target} = 'yes'"),
        yn("renovated", "8. 是否实施危改?"),
        yn("renovation_eligible", "是否符合危改政策?", relevant="${renovated} = 'yes'",
           **problem_if("no", "住房安全", "危改不符合危改政策")),
        yn("four_types", "是否为4类对象?", relevant="${renovated} = 'yes'"),
        q("select_one renovation_modes", "renovation_mode", "危改方式", required="yes",
          relevant="${renovated} = 'yes'"),
        yn("area_ok", "如是D级重建,面积是否达标?", relevant="${renovation_mode} = 'rebuild'",
           **problem_if("no", "住房安全", "D级重建面积不达标:${area_detail}")),
        q("text", "area_detail", "超标或不达标多少", required="yes", relevant="${area_ok} = 'no'"),
        yn("quality_ok", "改造质量是否达标?", relevant="${renovated} = 'yes'",
           **problem_if("no", "住房安全", "危改质量不达标:${quality_issue}")),
        q("text", "quality_issue", "具体表现在哪些方面", required="yes", relevant="${quality_ok} = 'no'"),
        yn("old_demolished", "旧房是否拆除?", relevant="${renovated} = 'yes'"),
        yn("subsidy_paid", "危改补贴是否落实?", relevant="${renovated} = 'yes'",
           **problem_if("no", "住房安全", "危改补贴未落实")),
        q("decimal", "self_funded", "自筹了多少(元)", relevant="${renovated} = 'yes'", constraint=". >= 0"),
        yn("housing_safe", "9. 结合住房评定鉴定情况及该户住房实际状况,综合判断住房安全是否有保障?",
           **problem_if("no", "住房安全", "住房安全无保障:${housing_issue}")),
        q("text", "housing_issue", "具体表现在哪些方面", required="yes", relevant="${housing_safe} = 'no'"),
        q("end_group", ""),
        q("begin_group", "industry", "五、产业扶贫政策"),
        yn("industry_eligible", "10. 该户是否符合产业扶持条件?"),
        yn("project_running", "11. 该户2018年以前实施的产业扶贫项目是否仍在运营?",
           relevant="${industry_eligible} = 'yes'",
           **problem_if("no", "产业扶贫", "2018年以前实施的产业扶贫项目已不再运营")),
        yn("project_income", "是否还在享受收益?", relevant="${project_running} = 'yes'",
           **problem_if("no", "产业扶贫", "产业扶贫项目不再有收益")),
        q("select_multiple participation", "participation", "12. 该户参与产业扶贫项目的方式(可多选)",
          relevant="${industry_eligible} = 'yes'"),
        yn("project_targeted", "综合研判该产业扶贫项目是否有针对性和持续性?", relevant="${industry_eligible} = 'yes'",
           **problem_if("no", "产业扶贫", "产业扶贫项目缺乏针对性和持续性")),
        q("select_one effect", "project_effect", "该产业扶贫项目效果如何?", required="yes",
          relevant="${industry_eligible} = 'yes'", **problem_if("poor", "产业扶贫", "产业扶贫项目效果差")),
        q("end_group", ""),
        q("begin_group", "employment", "六、就业扶贫政策"),
        yn("idle_worker", "13. 该户是否有该就业未就业的人员?",
           **problem_if("yes", "就业扶贫", "该户有该就业未就业的人员")),
        yn("employment_eligible", "该户是否符合就业帮扶条件?"),
        q("select_multiple employment_policies", "employment_policy", "14. 该户享受哪些就业帮扶政策(可多选)",
          required="yes", relevant="${employment_eligible} = 'yes'",
          constraint="not(selected(., 'none') and count-selected(.) > 1)",
          constraint_message="“没有享受”不能与其他选项同选",
          problem="selected(., 'none')", problem_category="就业扶贫",
          problem_text="符合就业帮扶条件但没有享受就业帮扶政策"),
        yn("training_fit", "参加的就业培训是否符合实际需求和自身状况?",
           relevant="selected(${employment_policy}, 'training')",
           **problem_if("no", "就业扶贫", "就业培训不符合实际需求:${training_issue}")),
        q("text", "training_issue", "具体表现在哪些方面", required="yes", relevant="${training_fit} = 'no'"),
        q("select_one effect", "employment_effect", "该就业帮扶政策效果如何?",
          relevant="${employment_eligible} = 'yes' and not(selected(${employment_policy}, 'none'))",
          **problem_if("poor", "就业扶贫", "就业帮扶政策效果差")),
        q("end_group", ""),
        q("begin_group", "finance", "九、金融扶贫政策"),
        q("select_one loan_status", "loan_status", "18. 该户是否符合扶贫小额贷款条件?", required="yes"),
        yn("loan_got", "是否贷到扶贫小额贷款?", relevant="${loan_status} = 'willing_eligible'",
           **problem_if("no", "金融扶贫", "有意愿且符合条件,但未贷到扶贫小额贷款")),
        yn("loan_terms", "是否享受了基准利率、免担保、免抵押、政府贴息的政策?", relevant="${loan_got} = 'yes'",
           **problem_if("no", "金融扶贫", "扶贫小额贷款未享受基准利率、免担保、免抵押、政府贴息政策")),
        yn("loan_use_ok", "19. 贷款用途是否符合要求?", relevant="${loan_got} = 'yes'",
           **problem_if("no", "金融扶贫", "扶贫小额贷款用途不符合要求:${loan_use_detail}")),
        q("text", "loan_use_detail", "具体情况", required="yes", relevant="${loan_use_ok} = 'no'"),
        yn("loan_overdue", "截止调查时,该户是否出现逾期?", relevant="${loan_got} = 'yes'",
           **problem_if("yes", "金融扶贫", "扶贫小额贷款逾期")),
        q("end_group", ""),
        q("begin_group", "welfare", "十、综合保障政策"),
        yn("dibao_missed", "20. 是否存在低保政策该享受未享受?",
           **problem_if("yes", "综合保障", "低保政策该享受未享受")),
        yn("dibao_precise", "如该户享受低保,低保政策落实是否精准?", relevant="${dibao_missed} = 'no'",
           **problem_if("no", "综合保障", "低保政策落实不精准")),
        yn("pension_paid", "21. 16–59周岁家庭成员是否全部缴纳基本养老保险?",
           **problem_if("no", "综合保障", "16–59周岁家庭成员未全部缴纳基本养老保险")),
        yn("pension_received", "60周岁以上家庭成员是否发放养老保险金?",
           **problem_if("no", "综合保障", "60周岁以上家庭成员未发放养老保险金")),
        yn("tekun_missed", "22. 是否存在特困人员救助供养政策应落实而未落实?",
           **problem_if("yes", "综合保障", "特困人员救助供养政策应落实而未落实:${tekun_detail}")),
        q("text", "tekun_detail", "具体情况", required="yes", relevant="${tekun_missed} = 'yes'"),
        yn("relief_missed", "23. 是否存在临时救助政策应落实而未落实?",
           **problem_if("yes", "综合保障", "临时救助政策应落实而未落实:${relief_detail}")),
        q("text", "relief_detail", "具体情况", required="yes", relevant="${relief_missed} = 'yes'"),
        yn("disability_cert_missed", "24. 是否存在残疾证应办理而未办理?",
           **problem_if("yes", "综合保障", "残疾证应办理而未办理")),
        yn("disability_policy_missed", "是否存在残疾人政策应落实而未落实?",
           **problem_if("yes", "综合保障", "残疾人政策应落实而未落实:${disability_detail}")),
        q("text", "disability_detail", "具体情况", required="yes", relevant="${disability_policy_missed} = 'yes'"),
        q("end_group", ""),
        yn("has_work_team", "该户所在村是否有驻村工作队或第一书记?"),
        q("begin_group", "work_team", "十一、驻村帮扶(仅有驻村工作队和第一书记村填写)",
          relevant="${has_work_team} = 'yes'"),
        q("select_multiple helps", "help", "25. 在2019年,驻村工作队或第一书记对该户提供了什么帮助(可多选)",
          required="yes", constraint="not(selected(., 'none') and count-selected(.) > 1)",
          constraint_message="“没什么帮助”不能与其他选项同选",
          problem="selected(., 'none')", problem_category="驻村帮扶",
          problem_text="驻村工作队或第一书记对该户没什么帮助"),
        q("text", "help_other", "其他帮扶措施", required="yes", relevant="selected(${help}, 'other')"),
        yn("support_weakened", "26. 所在县脱贫摘帽或所在村出列后,驻村帮扶是否撤销或减弱?",
           **problem_if("yes", "驻村帮扶", "驻村帮扶撤销或减弱:${weakened_detail}")),
        q("text", "weakened_detail", "具体表现", required="yes", relevant="${support_weakened} = 'yes'"),
        q("end_group", ""),
        q("begin_group", "income", "十二、家庭收入情况调查"),
        yn("income_2019", "27. 该户2019年人均纯收入是否超过4000元?",
           **problem_if("no", "收入情况", "2019年人均纯收入未超过4000元")),
        yn("income_2020", "根据该户实际情况研判,2020年人均纯收入是否可以超过4000元?",
           **problem_if("no", "收入情况", "研判2020年人均纯收入不能超过4000元")),
        yn("income_stable", "综合研判该户收入是否稳定可持续?",
           **problem_if("no", "收入情况", "收入不稳定、不可持续:${income_detail}")),
        q("text", "income_detail", "具体情况", required="yes", relevant="${income_stable} = 'no'"),
        q("end_group", ""),
        q("begin_group", "quality", "十三、脱贫质量调查(仅脱贫户调查)", relevant="${attribute} = 'lifted'"),
        yn("meets_standard", "28. 该户是否达到脱贫标准?",
           **problem_if("no", "精准识别", "脱贫户未达到脱贫标准(疑似错退)")),
        yn("acknowledged", "对自己脱贫是否知晓认可?", **problem_if("no", "脱贫质量", "脱贫户对自己脱贫不知晓、不认可")),
        yn("sustained", "结合收入及“两不愁三保障”情况,综合研判该户脱贫是否持续?",
           **problem_if("no", "脱贫质量", "研判该户脱贫不能持续")),
        q("end_group", ""),
        *covid_and_closing("十四、新冠肺炎疫情影响情况调查", "29. 新冠肺炎疫情对该户是否造成大的影响?"),
    ]
    choices = {
        "yes_no": YES_NO,
        "attribute": [("poor", "贫困户"), ("lifted", "脱贫户")],
        "water_issues": [("quantity", "水量不够"), ("quality", "水质不达标"), ("convenience", "用水不方便"),
                         ("supply", "供水保证率不达标")],
        "dropout_reasons": REASONS,
        "stages": [("preschool", "学前教育"), ("high_school", "普通高中"), ("vocational", "中职"),
                   ("college", "高等教育")],
        "renovation_modes": [("repair", "维修"), ("rebuild", "重建")],
        "participation": [("cooperative", "加入合作经营"), ("dividend", "享受分红"), ("base", "参加基地生产"),
                          ("employed", "在合作社(企业)打工"), ("supplier", "为合作社(企业)提供原料或产品"),
                          ("other", "其他")],
        "effect": [("good", "好"), ("fair", "一般"), ("poor", "差")],
        "employment_policies": [("public_post", "公益性岗位"), ("training", "技能培训或务工培训"),
                                ("referral", "介绍就业或提供就业信息"), ("other", "其他"),
                                ("none", "没有享受就业帮扶政策")],
        "loan_status": [("willing_eligible", "有意愿且符合条件"), ("willing_ineligible", "有意愿不符合条件"),
                        ("unwilling", "没意愿"), ("ineligible", "不符合条件")],
        "helps": [("publicity", "宣传政府的政策和项目"), ("funding", "帮助争取政策、项目和资金支持"),
                  ("implementation", "帮助落实政策和实施项目"), ("visits", "慰问看望"), ("donations", "捐款捐物"),
                  ("other", "其他帮扶措施"), ("none", "没什么帮助")],
    }
    write(os.path.join(out, "household-registered.xlsx"),
          {"form_id": "household_registered", "form_title": "建档立卡户入户调查问卷(附件2)", "version": "2020.1",
           "subject": "household", "household_kinds": "贫困户 脱贫户", "subject_field": "household_number"}, s, choices)


def unregistered(out):
    """附件3 非贫困户入户调查问卷."""
    s = [
        HOUSEHOLD_SUBJECT,
        q("select_multiple marks", "marks", "1. 被调查户属性(可多选)", required="yes",
          constraint="not(selected(., 'normal') and count-selected(.) > 1)",
          constraint_message="“正常户”不能与其他属性同选"),
        q("integer", "registered_people", "户籍人口(人)", required="yes", constraint=". >= 1 and . <= 30"),
        q("integer", "shared_people", "实际共享收支的人数", required="yes",
          constraint=". >= 1 and . <= ${registered_people} + 10"),
        q("select_one has_none", "support_capacity", "2. 综合来看该户子女(父母)是否有赡养(抚养)能力", required="yes"),
        q("text", "support_detail", "没有赡养(抚养)能力的具体情况", required="yes",
          relevant="${support_capacity} = 'none'"),
        q("begin_group", "two_worries", "二、“两不愁三保障”情况"),
        q("select_one worry", "food", "(一)1. 该户是否愁吃愁穿", required="yes",
          **problem_if("worry", "两不愁", "该户愁吃愁穿:${food_detail}")),
        q("text", "food_detail", "具体表现", required="yes", relevant="${food} = 'worry'"),
        q("select_one secure", "water", "2. 该户安全饮水是否有保障", required="yes",
          **problem_if("insecure", "饮水安全", "安全饮水无保障:${water_detail}")),
        q("text", "water_detail", "具体表现", required="yes", relevant="${water} = 'insecure'"),
        q("select_one has_none", "dropout", "(二)1.(1)是否有义务教育阶段辍学的适龄儿童、少年", required="yes",
          **problem_if("has", "教育保障", "有义务教育阶段辍学的适龄儿童、少年,原因:${dropout_reason} ${dropout_other}")),
        q("select_one dropout_reasons", "dropout_reason", "辍学原因", required="yes", relevant="${dropout} = 'has'"),
        q("text", "dropout_other", "其他原因", required="yes", relevant="${dropout_reason} = 'other'"),
        q("select_one has_none", "other_student", "(2)是否有其他阶段在校生(含学前教育)", required="yes"),
        q("text", "study_difficulty", "上学方面有什么困难", relevant="${other_student} = 'has'"),
        q("select_one has_none", "serious_ill", "2.(1)是否有得大病、重病的病人", required="yes"),
        yn("medical_burden", "医疗刚性支出是否过大?", relevant="${serious_ill} = 'has'",
           **problem_if("yes", "医疗保障", "大病重病医疗刚性支出过大:${medical_detail}")),
        q("text", "medical_detail", "具体情况", required="yes", relevant="${medical_burden} = 'yes'"),
        q("select_one secure", "living_secure", "得大病、重病后该户基本生活是否有保障", required="yes",
          relevant="${serious_ill} = 'has'",
          **problem_if("insecure", "医疗保障", "得大病、重病后基本生活无保障:${living_detail}")),
        q("text", "living_detail", "具体情况", required="yes", relevant="${living_secure} = 'insecure'"),
        q("text", "medical_other", "(2)医疗保障方面还存在其他什么问题"),
        q("select_one secure", "housing", "3.(1)该户住房安全是否有保障", required="yes",
          **problem_if("insecure", "住房安全", "住房安全无保障:${housing_detail}")),
        q("text", "housing_detail", "具体情况", required="yes", relevant="${housing} = 'insecure'"),
        q("text", "housing_other", "(2)住房保障方面还存在的其他问题"),
        q("select_one problem", "overall", "4. 综合判断该户“两不愁三保障”是否有问题", required="yes",
          **problem_if("has_problem", "两不愁三保障", "综合判断“两不愁三保障”有问题:${overall_detail}")),
        q("text", "overall_detail", "具体情况", required="yes", relevant="${overall} = 'has_problem'"),
        q("end_group", ""),
        q("begin_group", "income", "三、家庭收入情况"),
        q("integer", "workers", "务工人数", required="yes", constraint=". >= 0"),
        q("decimal", "work_income", "一年测算的务工收入(元)", relevant="${workers} > 0", constraint=". >= 0"),
        q("decimal", "income_per_capita", "综合测算年人均纯收入(元)", required="yes", constraint=". >= 0"),
        q("end_group", ""),
        q("begin_group", "judgement", "四、综合判断"),
        yn("missed", "(一)综合研判该户是否属于漏评户?",
           **problem_if("yes", "精准识别", "疑似漏评户(漏评 ${missed_people} 人):${missed_reason}")),
        q("integer", "missed_people", "漏评人数", required="yes", relevant="${missed} = 'yes'",
          constraint=". >= 1 and . <= ${registered_people}", constraint_message="漏评人数应在 1 与户籍人口之间"),
        q("text", "missed_reason", "判定理由", required="yes", relevant="${missed} = 'yes'"),
        q("select_one improvement", "infrastructure", "(二)1. 近几年村里的基础设施和公共服务设施有没有改善",
          required="yes"),
        q("select_one recognition", "recognition", "2. 综合研判该户对本村脱贫攻坚工作是否认可", required="yes",
          **problem_if("no", "群众认可度", "不认可本村脱贫攻坚工作:${recognition_reason}")),
        q("text", "recognition_reason", "不认可的具体原因", required="yes", relevant="${recognition} = 'no'"),
        q("end_group", ""),
        *covid_and_closing("五、新冠肺炎疫情影响情况调查", "新冠肺炎疫情对该户是否造成大的影响?"),
    ]
    choices = {
        "yes_no": YES_NO,
        "marks": [("dibao", "低保户"), ("tekun", "特困供养户"), ("disabled", "残疾人户"), ("ill", "大病、重病户"),
                  ("dilapidated", "危房户"), ("no_labour", "无劳动力户"), ("elderly_alone", "独居老人户"),
                  ("other_key", "其他重点户"), ("normal", "正常户")],
        "has_none": [("has", "有"), ("none", "没有")],
        "worry": [("worry", "愁"), ("no_worry", "不愁")],
        "secure": [("secure", "有保障"), ("insecure", "无保障")],
        "dropout_reasons": REASONS,
        "problem": [("has_problem", "有问题"), ("no_problem", "没有问题")],
        "improvement": [("marked", "有明显改善"), ("some", "有改善"), ("none", "没有改善")],
        "recognition": [("yes", "认可"), ("no", "不认可")],
    }
    write(os.path.join(out, "household-unregistered.xlsx"),
          {"form_id": "household_unregistered", "form_title": "非贫困户入户调查问卷(附件3)", "version": "2020.1",
           "subject": "household", "household_kinds": "非建档立卡户", "subject_field": "household_number"}, s, choices)


def interview(out):
    """附件4 村级访谈提纲."""
    s = [
        q("note", "intro", "座谈访谈对象:村级脱贫责任组长、支书、驻村第一书记。"),
        VILLAGE_SUBJECT,
        q("text", "interviewees", "访谈对象(姓名、职务)", required="yes"),
        q("text", "overview", "1. 全村脱贫攻坚基本情况,2020年总体部署、具体安排、减贫计划、目标任务完成情况,"
          "今年以来做了哪些工作、取得了哪些成效", required="yes"),
        q("text", "covid_measures", "2. 今年以来采取了哪些具体举措,如何克服新冠肺炎疫情影响,统筹抓好疫情防控与脱贫攻坚",
          required="yes"),
        q("text", "projects", "3. 2020年实施了哪些扶贫政策和项目,怎样实施的,效果怎么样", required="yes"),
        q("text", "difficulties", "4. 目前的贫困状况和脱贫攻坚存在的主要问题和薄弱环节,面临哪些突出困难和挑战",
          required="yes"),
        q("image", "photo", "照片(资料、座谈现场)"),
    ]
    write(os.path.join(out, "village-interview.xlsx"),
          {"form_id": "village_interview", "form_title": "村级访谈提纲(附件4)", "version": "2020.1",
           "subject": "village", "household_kinds": "", "subject_field": "village"}, s, {})


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "config", "forms")
    os.makedirs(out, exist_ok=True)
    exit_check(out)
    registered(out)
    unregistered(out)
    interview(out)
    print("wrote", out)
