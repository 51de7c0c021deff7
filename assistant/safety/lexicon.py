"""Crisis language, organised by what it means, shared by the NLU component and the voice n-best check.

Text is normalised (lower case, contractions and common typos expanded) and lemmatised with
spaCy's lookup table, so one pattern covers "wants to die", "wanted to die" and "wnat to die".
Each pattern is a short regular expression over that lemma stream, grouped by risk category;
``W`` stands for "up to N other words", so patterns keep their meaning in long, rambling text.

A match can be explained away only by its own clause: negation ("I'm not suicidal"), someone
else as the subject ("she wants to die"), an idiom ("die of embarrassment"), or risk that is
clearly past and resolved ("years ago ... now I'm well"). Patterns whose meaning already
contains a negation ("I don't want to live") are never cancelled by it.
"""
from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, List, Optional, Pattern, Tuple


def W(n: int) -> str:
    """Up to ``n`` words in between."""
    return rf"(?:\S+ ){{0,{n}}}"


# Word lists used inside patterns.
SELF = r"(?:myself|my self|meself|my own self)"
KILL = r"(?:kill|end|off|unalive|top|hang|shoot|drown|poison|suffocate|stab|gas)"
HARM = r"(?:cut|burn|hurt|harm|scratch|punch|hit|bruise|starve|slice|carve|bang|slap|bite|pinch|choke|strangle)"
PILLS = r"(?:pill|tablet|paracetamol|tylenol|acetaminophen|ibuprofen|aspirin|med|meds|medication|medicine|sleeping pill|antidepressant|insulin|painkiller|prescription|codeine|oxy|oxycodone|xanax|tramadol|diazepam|valium|zopiclone|sertraline|citalopram|fluoxetine|prozac|co codamol|morphine|opioid|benzo|lithium|quetiapine|amitriptyline|propranolol|drug|box|pack|packet)"
AMOUNT = r"(?:all|whole|entire|bunch|handful|lot|load|every|too many|box|bottle|pack|packet|strip|double|triple|\d+)"
OTHER = r"(?:he|she|they|him|her|them|partner|husband|wife|boyfriend|girlfriend|bf|gf|ex|dad|father|mum|mom|mother|stepdad|stepmom|stepmum|brother|sister|son|daughter|uncle|housemate|flatmate|roommate|someone|somebody|man|guy)"
ALIVE = r"(?:live|be alive|exist|be here|be around|wake up|go on|carry on|keep go|keep live|be in this world|be on this earth)"

PATTERNS: Dict[str, List[Tuple[str, str]]] = {
    # (name, regex). Names are recorded in the parse data as the reason for a decision.
    "ideation": [
        ("kill_self", rf"\b{KILL} {W(2)}{SELF}\b"),
        ("take_own_life", rf"\b(?:end|take|kill) {W(1)}my (?:own )?life\b"),
        ("suicide_first_person", r"\b(?:suicidal|suicide)\b"),
        ("want_to_die", r"\b(?:want|wish|long|need|ready|plan|go|deserve|hope) (?:to|i could|i can|i would|i will) die\b"),
        ("wish_dead", r"\bwish (?:i be|i was|i were|to be|i could be) dead\b"),
        ("better_dead", r"\b(?:be|feel) better (?:off )?dead\b"),
        ("end_it_all", r"\bend (?:it all|everything|it tonight|it now|it soon|things for good|it for good|my suffering|the pain for good)\b"),
        ("not_want_alive", rf"\b(?:not|never) {W(1)}(?:want|wish|plan|intend) to {ALIVE}\b"),
        ("end_it", r"\b(?:want|go|need|plan|ready|decide|try|about)\S* to end it\b(?! (?:with|between|off|there|early))|\bjust end it\b(?! (?:with|between))"),
        ("not_wake_nice", r"\b(?:nice|good|easier|better|fine|peaceful) (?:to|if i) (?:just )?(?:not|never|do not|did not) wake up\b"),
        ("would_not_mind_dying", r"\bif i (?:\S+ ){0,4}die\S* (?:\S+ ){0,3}(?:would not|wouldnt|do not|will not) (?:mind|care)\b|\b(?:would not|wouldnt|do not) mind (?:if i )?(?:die|dying|not wake|never wake)\b"),
        ("waiting_to_die", r"\bwait\S* (?:to die|for death|for the end|to not exist|to be gone)\b"),
        ("no_point_waking", r"\b(?:not|no) see (?:the|any) point (?:in|of) (?:wake up|waking up|live|living|be alive|being alive|go on|carry on|being here|be here|anything anymore|anything any more)\b"),
        ("own_exit", r"\b(?:make|take|plan|choose)\S* my (?:own )?(?:exit|way out)\b|\bmy own exit\b"),
        ("join_them", r"\b(?:i will|ill|i be go to|i want to|i wanna|i could|time to) join (?:him|her|them|my \S+)\b|\bwhen (?:she|he) go\S*,? i go too\b|\bi go too\b"),
        ("never_come_back", r"\b(?:walk|swim|drive|go|wander)\S* (?:\S+ ){0,3}(?:into the sea|into the woods|into the water|into the river|into the lake)\b(?:\S* )?(?:\S+ ){0,4}(?:not|never) come (?:back|out)\b|\b(?:go|walk)\S* into the (?:sea|woods|water|river|lake) and (?:not|never|do not) come (?:back|out)\b|\bhow long (?:it take\S* )?(?:for someone )?to be found\b"),
        ("looking_at_beam", r"\b(?:look|stare)\S* at the (?:beam|rafter|hook|loft hatch|banister)\b|\bstay\S* under\b(?= .*\b(?:bath|water)\b)|\b(?:bath|water)\b(?= .*\bstay\S* under\b)"),
        ("let_me_not_be", r"\blet me (?:not be here|not wake up|go to sleep for good|slip away)\b|\bnot be here in the morning\b"),
        ("easier_if_gone", r"\b(?:easier|better|simpler|kinder) if i (?:just )?(?:stop\S* exist\S*|disappear\S*|be not here|was not here|be gone|was gone|go away for good)\b"),
        ("room_beside", r"\broom for me (?:\S+ ){0,3}(?:beside|next to|with) (?:him|her|them)\b|\bbe with (?:him|her|them) again\b(?= .*\b(?:pass|gone|lost|grave|cemetery|died)\b)"),
        ("never_born", r"\bwish (?:i (?:have|would|had) )?(?:never|not) (?:have )?(?:be|been) born\b|\bwish i (?:do not|never|did not) exist\b"),
        ("tired_of_living", r"\b(?:tire|tired|sick|exhausted) of (?:be alive|being alive|live|living|exist|existing|life itself|wake up every|waking up every)\b|\b(?:life be not|life be no) (?:for me|worth (?:it|live))\b|\bi want out\b(?! of (?:this|the|my) (?:job|contract|relationship|marriage|group|deal|lease|plan|house))"),
        ("hope_accident", r"\b(?:hope|hoping|wish|wishing|pray)\S* (?:\S+ ){0,3}(?:a car|a bus|a truck|a lorry|a train|a van|something|someone) (?:\S+ ){0,2}(?:hit|kill|run over|clip|crash into|take me out|happen to me)\S*\b|\b(?:wish|wishing|hope|hoping)\S* something would (?:just )?happen to me\b|\b(?:fine|ok|okay|happy|glad|relieved) if (?:the plane|a car|the car|something|i) (?:\S+ ){0,2}(?:crash|go down|hit me|kill me|do not wake up|never wake up)\b|\bif i (?:do not|never) wake up (?:\S+ ){0,2}(?:fine|ok|okay|good|that be fine)\b"),
        ("stop_permanently", r"\b(?:want|need|wish) (?:\S+ ){0,2}(?:to stop|stop|to end|end)\S* (?:,)? ?(?:permanently|for good|forever)\b|\bno (?:wish|desire|will) to live\b"),
        ("rest_forever", r"\b(?:rest|sleep|peace) (?:\S+ ){0,2}forever\b|\bjoin (?:him|her|them) (?:soon|there|up there|in heaven)\b|\bi be next\b(?! (?:in line|in the queue|up|to go in))"),
        ("worth_more_dead", r"\bworth more dead\b|\b(?:better|well) off dead\b|\bmy death would (?:be a relief|help|solve|make)\b"),
        ("wish_not_exist", r"\b(?:wish|hope|want|need|would like)\S* (?:i could |i can |i would |to )?(?:just )?(?:stop existing|stop exist|cease to exist|not exist|be erase|erase myself|vanish|fade away|disappear (?:forever|for good|completely|from existence|and never come back))\b|\berase\S* from existence\b"),
        ("want_not_exist", r"\bwant to (?:disappear forever|not exist|stop exist|stop live|stop be alive|be dead|sleep forever|go to sleep and never wake up|never wake up|vanish forever)\b"),
        ("never_wake_up", r"\b(?:sleep|go to sleep|close my eyes?|close my eye) and (?:\S+ ){0,2}(?:never|not) wake up\b"),
        ("no_reason_to_live", r"\bno (?:real |good )?(?:reason|point|purpose|will) (?:to|in|for) (?:live|living|be alive|go on|carry on|keep go|keep do this|keep doing this|stay|exist)\b"),
        ("cannot_go_on", r"\bcan not (?:go on|keep go|keep live|carry on) (?:anymore|any more|live|like this any|much longer)\b"),
        ("no_way_out", r"\b(?:no way out|only way out|there be a way out if|not see a way out|only option left be to|permanent solution)\b"),
        ("kms", r"\b(?:kms|kmsl|unalive|catch the bus)\b"),
        ("rather_dead", r"\brather (?:not be alive|be dead|die|not exist|not wake up|not be here)\b"),
        ("not_see_future", r"\b(?:not|never|can not|hard to) (?:\S+ ){0,1}(?:see|imagine|picture) myself (?:\S+ ){0,2}(?:alive|here|around) (?:next|in|by|at|for)\b"),
        ("not_have_to_keep_going", r"\bnot have to (?:keep go|go on|keep live|wake up again|be here anymore|exist)\b"),
        ("wish_not_wake", r"\b(?:wish|hope|pray)\S* (?:\S+ ){0,3}(?:i|that i) (?:would|could|will|do|might) (?:not|never) wake up\b|\b(?:hope|pray) (?:i|that i) (?:do not|never|will not) wake up\b"),
        ("sleep_forever", r"\b(?:sleep|stay asleep|fall asleep) (?:\S+ ){0,2}forever\b|\bnever wake up again\b"),
        ("time_to_go", r"\btime (?:for me )?to (?:go and be with|leave this world|say goodbye for good|check out|end it)\b|\btime for me to go\b(?! (?:to|home|out|now|back|and (?:get|make|do|have|see|buy)))"),
        ("hold_on", r"\b(?:do not|not) know how (?:much )?(?:long|longer) i can (?:hold on|keep go|go on|do this|last|keep this up|keep fight)\b"),
        ("thoughts_of_death", r"\b(?:think|thought|fantasi[sz]e|dream) about (?:end it|end my life|kill myself|not be here|not wake up|suicide|die by)\b"),
    ],
    "self_harm": [
        ("harm_self", rf"\b{HARM} {W(2)}{SELF}\b"),
        ("self_harm_words", r"\b(?:self harm|selfharm|self injur\S*|sh scar|sh again)\b"),
        ("cut_body", r"\b(?:cut|slice|burn|scratch) (?:my|me) (?:arm|wrist|leg|thigh|skin|stomach|hip)\b"),
        ("bleed", r"\b(?:until|till|til) (?:it|they|i|my \S+) (?:bleed|bled|bruise|go numb|see star|saw star|pass out|break)\b"),
        ("head_banging", r"\b(?:hit|bang|smash|slam)\S* my (?:head|fist|hand)s? (?:\S+ ){0,1}(?:against|on|into|off) (?:the |a )?(?:wall|tile|floor|door|desk|mirror)s?\b"),
        ("sh_abbrev", r"\b(?:sh|self harm)(?:ed|d| would)? (?:again|tonight|today|last night)\b|\bsh d\b|\bself harmed\b"),
        ("covered_in_cuts", r"\b(?:cover|full)\S* (?:in|of|with) (?:cut|scar|burn|bruise)s?\b(?! from (?:the|a) (?:garden|bush|cat|rose))|\bwant\S* to (?:cut|burn|hurt myself|harm)\b"),
        ("keep_cutting", r"\b(?:keep|start|been|be) cut(?:ting)?\b(?! (?:back|down|out|off|the|my hair|cost|corner|class|school|carb|sugar|out|in line|people|ties|contact))"),
        ("what_i_did_to", r"\bwhat i (?:do|did) to my (?:arm|wrist|leg|thigh|body|skin|stomach)\b|\bstitch\S* (?:\S+ ){0,3}(?:what i|from cut|my arm|my wrist)\b"),
        ("cutting_daily", r"\b(?:cut|burn|harm)\S* (?:myself )?(?:every (?:day|night)|daily|most (?:day|night)s?)\b"),
        ("relapse", r"\brelapse\S* (?:\S+ ){0,6}(?:harm|cut|sh|burn)\b|\b(?:harm|cut|sh|burn)\S* (?:\S+ ){0,6}relapse\b"),
        ("urge_to_harm", r"\burge\S* to (?:cut|hurt|harm|burn)\b"),
        ("fresh_cuts", r"\b(?:fresh|new|deep|deeper|open) (?:cut|wound|burn|scar)s?\b|\bcut\S* (?:deeper|again|more than)\b"),
        ("blade_in_hand", r"\b(?:blade|razor|knife|lighter) (?:be )?(?:in my hand|ready|next to me|in my pocket)\b"),
        ("blood", r"\bblood (?:on|all over|down) my (?:sleeve|arm|wrist|leg|sheet|hand|floor|bed)\b"),
    ],
    "plan_means": [
        ("stockpile", rf"\b(?:stockpile|save|collect|hoard|stash|keep|have|get|buy) {W(3)}(?:up )?{W(2)}{PILLS}s? {W(4)}(?:for when|for the end|to end|to take all|enough to|so i can)\b"),
        ("saved_pills", rf"\b(?:stockpile|hoard|stash|save up|squirrel away|put aside)\S* {W(3)}{PILLS}s?\b|\bcollect\S* {W(3)}(?:old |spare |extra |leftover )?{PILLS}s? (?:for it|for when|for the end|to take|just in case)\b|\bcollect\S* {W(2)}(?:old|leftover|spare) {PILLS}s?\b"),
        ("how_im_going_to", r"\b(?:know|decide|figure out|work out|plan)\S* (?:exactly )?(?:how|when|where) (?:i be go to|i will|i would|to) (?:do it|end it|go)\b|\b(?:write|wrote|written|make|made) (?:down )?my plan\b|\bmy plan (?:to|for) (?:end|die|do it|sunday|tonight|tomorrow)\b|\bdecide\S* on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tonight|tomorrow|the date|a date|when)\b|\bgot a date in my head\b"),
        ("research_ways", r"\b(?:research|look up|google|search|read about)\S* (?:\S+ ){0,2}(?:way|method)s? to (?:die|end it|kill|go)\b|\bway to die\b"),
        ("for_when_ready", r"\bfor when i (?:be|am|feel) ready\b|\bwhen the time come\b(?= .*\b(?:pill|rope|note|it|ready)\b)|\b(?:hide|hid|keep|stash)\S* (?:\S+ ){0,3}(?:pill|rope|blade|bottle|box)s? (?:\S+ ){0,3}(?:for when|for later|for the end)\b"),
        ("access_means", r"\b(?:i have|have got|got|i can get) access to (?:everything|drugs|meds|the drug cupboard|pills|a gun|guns)\b"),
        ("hoarded", r"\b(?:painkiller|pill|tablet|med)s? (?:i have be |i be |that i have be )?(?:hoard|save|stockpile|keep|collect)\S*\b|\b(?:prescription|pill|tablet|painkiller)s? (?:\S+ ){0,3}(?:left (?:over )?from|still in the cupboard|in the cupboard)\b"),
        ("edge", r"\b(?:look|lean|peer|stare|hang)\S* over the edge\b|\bat the edge of the (?:platform|roof|bridge|cliff|building|track|car park|multi storey)\b|\btop of the (?:multi storey|car park|quarry|cliff|tower block|building)\b"),
        # Standing at a high open window, and the thought of not stepping back next time.
        ("high_window", r"\b(?:stand|sit|lean|hang|perch)\S* (?:\S+ ){0,1}(?:at|by|in|on|out of) (?:the|an|my|that|this) (?:open window|window ledge|windowsill|window sill) (?:\S+ ){0,5}(?:\d+(?:st|nd|rd|th)? floor|top floor|\d+(?:st|nd|rd|th)? storey|high up)\b"),
        ("not_step_back", r"\b(?:might|may) not (?:step|climb) back\b(?! (?:from|on|into|in) )"),
        ("which_to_use", r"\bwhich (?:bridge|building|roof|car park|cliff|train|rope|pills) (?:i be go to|i will|to|i would) use\b"),
        ("booze_and_pills", rf"\bbuy\S* (?:\S+ ){{0,2}}(?:bottle|vodka|whisky|whiskey|alcohol|wine|gin) and (?:a |some )?(?:box|pack|bottle|packet)?s? ?(?:of )?{PILLS}s?\b"),
        ("gun_held", r"\b(?:with|hold|holding|cradle)\S* (?:my |the |a |dad's |his )?(?:service )?(?:weapon|firearm|gun|pistol|revolver|rifle|shotgun)\b"),
        ("insurance_payout", r"\b(?:life insurance|insurance|policy) (?:\S+ ){0,6}(?:pay\S* (?:out|off|for)|do more|be worth|cover|clear|settle)\b|\bpay\S* out if i die\b|\bget \S+ if i die\b"),
        ("relieved_if_ill", r"\b(?:heart|cancer|tumou?r|terminal|dying|die|disease|heart attack)\S* (?:\S+ ){0,5}(?:i )?(?:felt|feel) (?:\S+ )?(?:relieved|relief|glad)\b"),
        ("how_much_it_takes", rf"\bhow (?:many|much) {W(3)}{PILLS}s? {W(1)}it (?:would|will|might) take\b"),
        ("plan_and_date", r"\b(?:have|make|got|pick|set|choose) (?:\S+ ){0,1}(?:a )?(?:plan and a (?:date|time|way|method)|date for it|the date)\b|\bmy plan be (?:set|ready|made|done|in place)\b"),
        ("gun", r"\b(?:get|take|grab|have|buy|load|hold|keep)\S* (?:\S+ ){0,3}(?:gun|pistol|rifle|shotgun|revolver)\b(?! (?:game|range|club|licen[cs]e|safety course|in (?:fortnite|cod|the game)))|\b(?:gun|pistol|rifle|shotgun) (?:\S+ ){0,2}(?:load|ready|under my pillow|by (?:the|my) bed|in my hand|across my (?:lap|knee))\S*\b"),
        ("on_the_edge", r"\b(?:stand|sit|be) (?:\S+ ){0,1}on (?:the|a|this) (?:bridge|ledge|roof|edge|railing|platform edge|cliff)\b"),
        ("rope_ready", r"\b(?:the|a|my) (?:rope|noose) (?:be )?(?:in|under|ready|tie|hang|up)\b|\b(?:rope|noose) (?:\S+ ){0,2}(?:ready|tie up|hang)\b"),
        ("how_high", r"\bhow (?:high|tall|far down) (?:\S+ ){0,3}(?:bridge|roof|car park|carpark|building|balcony|cliff|tower)\b|\b(?:bridge|roof|building|balcony|cliff) (?:\S+ ){0,3}(?:high|tall) enough\b"),
        ("crash_car", r"\b(?:crash|drive|steer|swerve)\S* (?:\S+ ){0,3}(?:into|off) (?:a |the )?(?:wall|tree|river|reservoir|lorry|truck|bridge|cliff|oncoming)\b|\bnot turn\S* (?:\S+ ){0,2}at the (?:bend|corner)\b|\bgo straight (?:in|into|off)\b"),
        ("how_many_pills", rf"\bhow (?:many|much) {W(2)}{PILLS}s? {W(3)}(?:to die|would it take|to kill|be lethal|be fatal|to overdose|to not wake up|before)\b"),
        ("lethal", r"\b(?:lethal|fatal|deadly) (?:dose|amount)\b"),
        ("painless_way", r"\b(?:painless|quick|easy|fast|simple|sure|best|least painful|most painless)\S* (?:way|method) to (?:die|go|end it|end my life|do it|kill)\b"),
        ("scouting", r"\b(?:cliff|bridge|railway|track|ledge|roof|car park)s? (?:\S+ ){0,3}(?:work|figure|check|scope)\S* out (?:where|which|how|when)\b"),
        ("everything_i_need", r"\b(?:buy|bought|get|got|have)\S* everything i need\b(?= .*\b(?:hid|hidden|hide|under my bed|in a bag|in my bag|ready|for it|for tonight)\b)"),
        ("buying_pills_quietly", r"\b(?:two|three|four|several|\d+) (?:box|pack|packet|bottle)s? (?:\S+ ){0,2}from (?:\S+ ){0,2}(?:different|separate) (?:shop|store|pharmac\S*|chemist)s?\b|\bso they (?:would not|will not|do not) ask (?:any )?question"),
        ("rope", r"\b(?:buy|bought|get|got|have|tie|tied) (?:a |the |some )?(?:rope|noose)\b"),
        ("jump", r"\b(?:jump|throw myself) (?:off|from|in front of|into|under) (?:a |the |that |this )?(?:bridge|building|roof|cliff|balcony|train|bus|car|truck|river|tower|car park|carpark)\b"),
        ("which_bridge", r"\b(?:which|what) (?:bridge|building|roof|car park|cliff) (?:\S+ ){0,3}(?:high enough|tall enough|to jump|would work|would do)\b"),
        ("step_in_front", r"\b(?:step|walk|drive) (?:in front of|into) (?:a |the )?(?:train|bus|truck|lorry|traffic|wall|tree)\b"),
        ("weapon_self", rf"\b(?:gun|knife|blade|razor) {W(5)}(?:to|on|at) {SELF}\b"),
    ],
    "preparation": [
        ("letters", r"\b(?:write|wrote|written|leave|left) (?:\S+ ){0,3}(?:goodbye|suicide|final|last) (?:letter|note|message|video)\b|\b(?:write|wrote|written) (?:\S+ ){0,1}letters? (?:to|for) (?:everyone|my family|all|each of)\b"),
        ("give_away", r"\bgive\S* (?:away )?(?:all |most )?(?:my |of my )?(?:thing|stuff|belonging|possession|clothe|game|book)s? away\b|\bgive\S* away (?:all |most )?(?:my|of my)\b"),
        ("rehome_pet", r"\b(?:give|rehome|found a home for|find a home for|leave) (?:\S+ ){0,1}my (?:cat|dog|pet|rabbit|hamster)s? (?:to|with|a new home)\b"),
        ("affairs", r"\b(?:sort|write|update|make) (?:out |up )?my (?:will|affair|finance|password)s? (?:so|for when|before)\b"),
        ("wont_need", r"\b(?:give|gave|sell|sold|left|leave|donate)\S* (?:\S+ ){0,8}(?:will not|not go to|never|do not|not) need (?:it|them|these|those|this|that|any of it|my \S+)\b|\b(?:will not|not go to) (?:be )?need(?:ing)? (?:it|them|any of it|my \S+) (?:anymore|any more|where i be go|after)\b"),
        ("nobody_deal_with", r"\b(?:nobody|no one|noone|they|my family|my \S+|someone) (?:\S+ ){0,1}(?:have|need|has) to (?:deal with|sort out|clean up|sort) (?:it|anything|my \S+|everything|the mess) (?:after|when|once|later)\b|\bso (?:nobody|no one|noone) (?:\S+ ){0,1}(?:have|has) to deal with\b"),
        ("close_accounts", r"\b(?:so|then) (?:she|he|they|someone|you|my \S+) can (?:close|delete|shut down|deal with|sort) my (?:account|stuff|thing|affair|social)s?\b|\bpassword\S* (?:\S+ ){0,6}(?:after i|when i be gone|for after)\b"),
        ("one_last", r"\bone last (?:\S+ ){0,1}(?:walk|hug|look|call|visit|goodbye|message|cuddle|kiss|night)\b"),
        ("dont_find_me", r"\b(?:do not|not|never) (?:try to |bother to )?(?:find|look for|come look for|save) me\b"),
        ("give_after", r"\b(?:give|send|pass|hand)\S* (?:it|this|the letter|them|the note) (?:to )?(?:her|him|them|my \S+) after\b|\bwhat after mean\b"),
        ("one_last_time", r"\b(?:love|hug|see|visit|say goodbye|tell|kiss|hold)\S* (?:\S+ ){0,6}(?:one last time|for the last time)\b|\b(?:cause|because|since|as|cos) (?:it be|this be|it be go to be) the last time\b"),
        ("own_funeral", r"\b(?:plan|make|write|choose|pick|arrange)\S* (?:\S+ ){0,3}(?:for )?my (?:own )?funeral\b"),
        ("goodbye_to_pet", r"\bsay\S* (?:\S+ ){0,1}goodbye to (?:my|the) (?:dog|cat|pet|rabbit|horse)s?\b"),
        ("no_reason_to_wait", r"\bno (?:reason|point) (?:to|in) wait\S*(?: any)? long(?:er)?\b"),
        ("pet_going", r"\bmy (?:cat|dog|pet|rabbit)s? (?:be )?go(?:ing)? to (?:my|a|the) \S+\b"),
        ("thank_sorry_phone_off", r"\bthank you for everything and sorry\b|\bsorry for everything\b|\b(?:turn|switch)\S* (?:my )?phone off\b(?= .*\b(?:not plan|never|for good|back on|except)\b)|\bnot plan on turn\S* it back on\b|\bnot want to go home ever\b|\bgo home ever\b"),
        ("written_down_logical", r"\b(?:got|have) it all (?:written down|planned|worked out)\b"),
        ("cards_for_each", r"\b(?:write|wrote|written)\S* (?:them|each of them|everyone|the kids|my kids) (?:each )?(?:a )?(?:card|letter|note)s?\b|\bnot the kind (?:she|he|they|you|people) (?:think|mean|expect)\b"),
        ("for_whoever", r"\bfor (?:whoever|whomever|the person who) (?:take\S* over|find\S* (?:me|this|it)|come\S* after)\b"),
        ("privilege_thanks", r"\b(?:it have be|it be|been) a privilege\b|\bthank\S* (?:\S+ ){0,4}for (?:everything|all of it)\b(?= .*\b(?:goodbye|bye|sorry|letter|envelope|note|privilege)\b)"),
        ("envelopes", r"\b(?:put|left|leave|seal)\S* (?:\S+ ){0,6}in (?:envelope|envelopes)\b|\benvelopes? (?:with|for) (?:the )?(?:kid|child|each|everyone|their)\S*"),
        ("keep_the_dogs", r"\b(?:told|ask|asked|tell)\S* (?:him|her|them|my \S+) to (?:keep|have|look after) (?:the|my) (?:dog|cat|pet|horse)s?\b"),
        ("note_for", r"\b(?:a|my) (?:note|letter) for (?:my|the|each) \S+\b"),
        ("giving_my_things", r"\bgiv\S* (?:away )?(?:all )?my (?:\S+ ){0,3}(?:clothe|thing|stuff|makeup|game|book|tool|belonging|possession|jewellery|guitar|plant|console|record|bike)s? (?:away|to)\b"),
        ("hoarding_spare", rf"\b(?:put|putting|keep|keeping|save|saving|collect|collecting|hide|hiding|stash|stashing)\S* (?:\S+ ){{0,3}}(?:spare|extra|leftover|old) {PILLS}s?\b".replace("{PILLS}", PILLS)),
        ("my_note", r"\b(?:write|wrote|written|finish|finished|leave|left)\S* (?:\S+ ){0,1}(?:my|a) (?:note|letter)s?\b(?! (?:to|for) (?:the|my) (?:landlord|teacher|boss|school|neighbour|milkman|council|bank))|\bwrite\S* a note\b(?=.*\b(?:not like|proper|goodbye|final|after|sorry)\b)"),
        ("saying_goodbyes", r"\bsay\S* (?:my )?goodbye\S* to (?:people|everyone|friend|family|them)\b|\bsay\S* goodbye (?:to people )?in (?:little|small|quiet) way\b|\bsay\S* my goodbye"),
        ("affairs_in_order", r"\b(?:put|get|sort)\S* (?:everything|my affair|thing|my thing)s? in order\b|\bwho get\S* my (?:thing|stuff|belonging|possession)s?\b|\b(?:sort|write|update)\S* (?:\S+ ){0,2}my (?:will|password)s?\b"),
        ("nobody_has_to", r"\bso (?:nobody|no one|noone|they|nobody else) (?:\S+ ){0,1}(?:have|has|need) to (?:do it|clean|sort|deal)\b"),
        ("when_gone", r"\b(?:when|after|once) i (?:be|am) (?:gone|dead|no longer here|not here)\b"),
    ],
    "goodbye": [
        ("this_is_goodbye", r"\b(?:this be|it be) (?:my )?(?:goodbye|the end|my last (?:message|post|night|day)|farewell)\b"),
        ("goodbye_forever", r"\b(?:goodbye|bye) (?:forever|world|everyone for good|for the last time|cruel world)\b|\bfinal goodbye\b"),
        ("not_around", r"\bnot be (?:around|here|alive) (?:after|tomorrow|much longer|by|for much longer|to see|anymore|any more|for long|when|next (?:week|month|year))\b|\b(?:because|cause|cos|since|as) i (?:will not|not go to) be (?:here|around)\b"),
        ("for_good", r"\b(?:go|going|leave|log off|logging off|sign off|check out|disappear|be gone)\S* (?:\S+ ){0,2}for good\b|\bbefore i go for good\b|\b(?:not|never) hear from me again\b|\blast (?:night|day) on (?:earth|this earth)\b|\bnot be a (?:problem|burden|bother) (?:after|anymore|much longer|for long)\b|\bcould not hold on\b"),
        ("love_sorry_goodbye", r"\b(?:love you all|i be sorry)\S* (?:,)? ?(?:\S+ ){0,4}goodbye\b|\bgoodbye (?:,)? ?i love you\b|\bfinal message\b"),
        ("other_side", r"\bsee you (?:all )?on the other side\b|\bsee you in (?:the )?next life\b"),
        ("last_talk", r"\blast time (?:i|ill) (?:will |go to |be go to )?(?:talk|speak|write|post|message)\S* to (?:anyone|anybody|you|someone)\b"),
        ("last_time", r"\blast time (?:you|anyone|any of you) (?:will )?(?:hear|see) (?:from )?me\b|\bby the time (?:you|anyone|someone) (?:read|see|find)\b"),
        ("tell_love", r"\btell my (?:mum|mom|dad|mother|father|family|kid|son|daughter|sister|brother|wife|husband|partner)s? (?:that )?i (?:love|be sorry)\b"),
    ],
    "burden": [
        ("better_off_without", r"\b(?:better|well|happy|happier|easy|easier) (?:off )?without me\b"),
        ("better_if_gone", r"\b(?:better|well|happy|happier|easy|easier) (?:off )?(?:for everyone |for them |for my \S+ )?if i (?:be|was|were|just) (?:\S+ ){0,1}(?:gone|dead|not here|not around|disappear|die|never born)\b"),
        ("burden", r"\b(?:be|feel like|feel) (?:such |just |only |nothing but |a huge |a massive )?(?:a |an )?(?:\S+ )?burden\b"),
        ("not_missed", r"\b(?:no one|nobody|noone|not one) (?:would|will|gonna|go to) (?:\S+ ){0,1}(?:miss me|notice|care) (?:if i|when i)\b|\b(?:would|will) not (?:even )?(?:notice|miss me|care) if i (?:be|was|were|die|disappear)\b"),
        ("not_be_missed", r"\b(?:would|will) not be miss(?:ed)?\b|\b(?:nobody|no one|noone) (?:would|will|go to) miss me\b"),
        ("life_insurance", r"\bbetter off with (?:the |my )?(?:life )?insurance\b|\blife insurance (?:\S+ ){0,4}(?:pay out|worth more|better)\b"),
        ("let_them_go", r"\blet them (?:go|be free|move on) by (?:go|leave|die|disappear)\b"),
        ("better_life_without", r"\b(?:kid|child|children|family|they|everyone|wife|husband|partner|son|daughter)s? (?:\S+ ){0,2}(?:would|will) (?:have|be|live) (?:a )?(?:better|happier|easier) (?:life|lives|off) (?:without me|if i|with (?:their|his|her|my) (?:mum|mom|dad|mother|father|nan|gran))\b"),
        ("nobody_surprised", r"\bnobody would be (?:that )?surprised\b|\bno one would be (?:that )?surprised\b"),
        ("easier_thinking", r"\b(?:think|thinking|thought)\S* (?:it|that) (?:would|will) be easier\b"),
        ("if_i_died", r"\bif i (?:just )?(?:die|disappear|go|vanish|be not alive|be dead|never come back|be not around|kill myself|be go)\b(?:\S* )?(?:\S+ ){0,8}(?:notice|care|better|free|relief|save|forget|glad|happier|easier|fine|miss|money|fight|would|wouldnt)\b|\b(?:notice|care|miss me|forget about me|better off|be free|be glad|save so much)\b(?:\S* )?(?:\S+ ){0,6}if i (?:die|disappear|go|vanish|be not alive|be dead|never come back|just go|be not around|be gone)\b"),
        ("my_funeral", r"\b(?:nobody|no one|noone) (?:would|will) (?:\S+ ){0,1}(?:come|go|turn up) to my funeral\b|\bwhy (?:should i )?stay\b(?= .*\b(?:die|dead|gone|forget|anyway)\b)"),
        ("kinder_if_gone", r"\b(?:kinder|better|easier|fairer) (?:for everyone |for them )?if i (?:just )?(?:go|went|leave|disappear|be gone)\b"),
        ("world_without_me", r"\bworld (?:would be |be )?(?:better|well) (?:off )?without me\b"),
        ("if_not_around", r"\b(?:fine|better|happier|easier|manage|cope|ok|okay|move on|relieved|notice|care|miss me|happy|good) (?:\S+ ){0,4}if i (?:\S+ ){0,1}(?:be|was|were) (?:not|no longer|gone|dead)\b|\bif i (?:\S+ ){0,1}(?:be|was|were) (?:not (?:around|here|alive)|no longer (?:around|here|alive)|gone|dead) (?:anymore|any more|forever|for good)\b"),
    ],
    "overdose": [
        ("took_amount", rf"\b(?:take|swallow|down|neck|have take) {W(2)}{AMOUNT} {W(3)}{PILLS}s?\b"),
        ("took_pills_with", rf"\b(?:take|swallow) {W(3)}{PILLS}s? (?:\S+ ){{0,3}}(?:with (?:vodka|alcohol|wine|drink|booze)|to sleep forever|so i do not wake)\b|\b(?:drink|drank|drunk)\S* (?:\S+ ){{0,4}}(?:and|then) (?:take|swallow)\S* (?:\S+ ){{0,2}}{PILLS}s?\b"),
        ("all_of_them", rf"\b(?:take|swallow|took|swallowed)\S* (?:\S+ ){{0,3}}{PILLS}s?(?: ,)? (?:all of them|the lot|every (?:one|last one)|the whole (?:box|bottle|pack|packet))\b"),
        ("swallowed_everything", r"\bswallow\S* (?:everything|all of it|the lot|whatever|what be left of|what was left of|the rest of)\b|\btake\S* (?:way |far )?too (?:much|many) (?:\S+ ){0,2}on purpose\b|\bon purpose (?:\S+ ){0,3}(?:take|swallow|drink)\S*|\bswallow\S* (?:the|my|all the|all my) {PILLS}s?\b".replace("{PILLS}", PILLS)),
        ("pills_in", rf"\b{PILLS}s? (?:be )?(?:in|down|kick in|work)(?: ,)? (?:and )?(?:i be )?wait\b"),
        ("overdose", r"\b(?:overdose|overdosed|od|odd|oding)\b(?! on (?:coffee|caffeine|sugar|chocolate|netflix|tv|anime|game|work|energy drink|sweets|candy|carbs|christmas))"),
    ],
    "danger": [
        ("being_hurt", rf"\b{OTHER} (?:\S+ ){{0,2}}(?:hit|beat|choke|strangle|punch|kick|slap|attack|rape|shove|push|throttle|grab|drag|pin)\S* me\b(?! up\b| with (?:a|an|the|some) (?:question|idea|text|message|fact))"),
        ("threat_to_me", rf"\b{OTHER} (?:\S+ ){{0,3}}(?:will|go to|gonna|would|might) (?:kill|hurt|finish|beat|get|stab|shoot|end) me\b(?!(?: me)? (?:when|if|once) (?:she|he|they|he be|she be) (?:see|find|hear|notice|realise|realize|know|learn|read)|(?: me)? for (?:this|that|be|not|eat|break|lose|forget)|(?: me)? (?:lol|haha|lmao))"),
        ("scared_of_what", r"\b(?:scare|afraid|terrified|frightened)\S* (?:of )?what (?:he|she|they|him|her) (?:will|go to|might|would|could) do\b|\b(?:scare|afraid|terrified) to go (?:home|downstairs|back|inside|out of my room)\b"),
        ("he_will_contracted", r"\b(?:hell|shell|theyll|he will|she will|they will) (?:hurt|kill|hit|beat|get|stab) me\b(?! (?:when|if) (?:he|she|they) (?:see|find|hear|notice))"),
        ("weapon_threat", rf"\b{OTHER} (?:be |have )?(?:got |have |with |hold |pull )\S*(?:a |the )?(?:knife|gun|blade|machete|bat|hammer)\b|\bcome at me with\b|\bscare\S* for my life\b|\bfear for my life\b|\b(?:kill|hurt) me when (?:he|she|they) get\S* (?:home|back|here|in)\b"),
        ("hiding", r"\bhid\S* (?:\S+ ){0,2}(?:in|under) (?:my|the) (?:room|bathroom|wardrobe|closet|bed|car|cupboard)\b(?= .*\b(?:drunk|smash|scream|hit|angry|threat|scared|afraid|knife|banging|violent|break)\b)|\b(?:drunk|angry|raging) and (?:smash|throw|break|hit|scream|punch)\S*|\b(?:bang|kick|pound|hammer)\S* on (?:my|the) (?:door|window)\b|\block\S* myself in\b"),
        ("will_hurt_me", rf"\b{OTHER} (?:will|go to|be go to|would|gonna) (?:hurt|beat|kill|deal with|put me through)(?: me)?\b(?!(?: me)? (?:when|if|once) (?:she|he|they|he be|she be) (?:see|find|hear|notice|realise|realize|know|learn|read)|(?: me)? for (?:this|that|be|not|eat|break|lose|forget)|(?: me)? (?:lol|haha|lmao))|\bi can not go home\b(?= .*\b(?:hurt|hit|beat|kill|scared|afraid|violent)\b)"),
        ("locked_in", rf"\b{OTHER} (?:\S+ ){{0,2}}lock\S* (?:the |my )?(?:front |back |bedroom )?door\b(?= .*\b(?:key|drunk|scared|cannot get out|can not get out|trapped|shout|threat|respect|hurt)\b)|\bthrow\S* (?:me|my \S+) (?:down|against|into|across)\b"),
        ("hidden_harm", r"\b(?:on|my) (?:hip|thigh|arm|stomach|leg)s? where (?:nobody|no one|noone) can see\b|\bdeeper than (?:usual|before|last time)\b|\bdo\S* the thing again\b(?= .*\b(?:deeper|hip|thigh|arm|blood|sleeve|hide)\b)"),
        ("followed", rf"\b{OTHER} (?:be |keep )?(?:follow|stalk|watch)\S* me\b"),
        ("break_in", r"\b(?:try|trying|tried)\S* to (?:break|get|force)\S* (?:into|in) (?:my|the) (?:flat|house|home|room|apartment|door|car)\b"),
        ("thrown_at_me", r"\bthrow\S* (?:\S+ ){0,3}at (?:me|my head|my face)\b"),
        ("said_dead", r"\b(?:say|said|told me|text\S*|message\S*) (?:that )?(?:i be|i am|you be) (?:dead|go to die|a dead man|dead meat)\b"),
        ("hurting_now", rf"\b{OTHER} (?:be|keep|start|have be) (?:hurt|hit|beat|choke|threaten|attack)\S* me\b"),
        ("will_kill_me", rf"\b(?:scare|afraid|terrified|worry|fear|think)\S* (?:that )?{OTHER} (?:will|go to|be go to|might|could|gonna) (?:kill|hurt|seriously hurt) me\b"),
        ("threaten_to_kill", r"\bthreaten\S* to (?:kill|hurt|stab|shoot) me\b"),
        ("not_safe", r"\b(?:(?:i be|i feel|i do) not (?:feel )?|not feel\S* |(?:not|never) (?:be |stay\S* |keep\S* (?:myself |me )?)?)safe\b"
                     r"(?! (?:with (?:money|my (?:job|finance|data))|on the road|driv|to (?:eat|drink|take|use|drive|assume|say|swim)\b"
                     r"|for (?:car|kid|child|dog|pet)|tell|talk|shar|open|say|show|ask|cry|in (?:group|crowd|class|meeting)))"
                     r"|\bnot safe at home\b"
                     r"|\bcan not (?:promise|guarantee|say|be sure) (?:that )?(?:i will|ill|i can|i would|i be|i will be able to) (?:be |stay |keep myself )?safe\b"),
        ("unsure_safe", r"\b(?:not sure|do not think|doubt|do not know if|unsure (?:if|whether)|not certain) (?:that |if |whether )?i (?:be|am|will be|will stay|can stay|can keep myself) safe\b"),
        ("in_danger", r"\bi (?:be|am) in (?:real |serious )?danger\b(?! of\b)"),
        ("trapped", rf"\b{OTHER} (?:\S+ ){{0,2}}(?:lock|trap)\S* me (?:in|inside)\b|\b{OTHER} (?:\S+ ){{0,3}}(?:have|with|holding|hold) a (?:knife|gun|weapon)\b"),
    ],
}

# Patterns whose meaning already carries the negation: never cancelled by "not".
NEGATION_IS_RISK = {"not_step_back", "if_i_died", "hold_on", "dont_find_me", "no_point_waking", "would_not_mind_dying", "thank_sorry_phone_off", "nobody_surprised", "not_wake_nice", "never_born", "tired_of_living", "hope_accident", "my_funeral", "not_see_future", "wish_not_wake", "not_have_to_keep_going", "not_be_missed", "wont_need", "nobody_deal_with", "crash_car", "rather_dead", "if_not_around", "not_want_alive", "cannot_go_on", "no_reason_to_live", "no_way_out", "not_around", "not_missed", "not_safe", "unsure_safe"}
# Patterns that are first person by construction ("myself", "me", "my life").
INHERENTLY_FIRST_PERSON = {
    "kill_self", "take_own_life", "harm_self", "cut_body", "weapon_self", "better_off_without", "better_if_gone",
    "world_without_me", "if_not_around", "not_missed", "being_hurt", "hurting_now", "will_kill_me", "threaten_to_kill", "trapped",
    "tell_love", "rehome_pet", "affairs", "when_gone", "this_is_goodbye", "goodbye_forever", "last_time", "other_side",
    "last_talk", "not_be_missed", "rather_dead", "not_see_future", "fresh_cuts", "blade_in_hand", "blood", "wont_need",
    "nobody_deal_with", "close_accounts", "own_funeral", "goodbye_to_pet", "followed", "threat_to_me", "scared_of_what",
    "break_in", "thrown_at_me", "said_dead", "one_last_time", "one_last", "cards_for_each", "let_me_not_be", "easier_if_gone", "room_beside", "for_whoever", "privilege_thanks", "envelopes", "keep_the_dogs", "note_for", "giving_my_things", "hoarding_spare", "locked_in", "hidden_harm", "end_it", "not_wake_nice", "would_not_mind_dying", "waiting_to_die", "no_point_waking", "own_exit", "join_them", "never_come_back", "looking_at_beam", "what_i_did_to", "edge", "which_to_use", "booze_and_pills", "gun_held", "insurance_payout", "relieved_if_ill", "pet_going", "thank_sorry_phone_off", "written_down_logical", "better_life_without", "nobody_surprised", "easier_thinking", "all_of_them", "he_will_contracted", "never_born", "worth_more_dead", "for_good", "love_sorry_goodbye", "if_i_died", "my_funeral", "kinder_if_gone", "weapon_threat", "hiding", "will_hurt_me", "saying_goodbyes", "affairs_in_order", "nobody_has_to", "how_im_going_to", "for_when_ready", "access_means", "hoarded", "swallowed_everything", "sh_abbrev", "covered_in_cuts", "stop_permanently", "rest_forever", "my_note", "dont_find_me", "give_after", "head_banging", "bleed", "buying_pills_quietly", "life_insurance", "let_them_go", "not_have_to_keep_going",
}

NEGATORS = {"not", "never", "no", "nothing", "nobody", "none", "without", "zero"}
# "can't stop thinking about it" is not a negation of what follows.
NOT_A_NEGATION_BEFORE = {"stop", "help", "resist", "shake", "control", "escape", "fight", "get", "seem", "sure", "know", "care", "matter"}
# "free of self harm", "clean from cutting": the risk is what they are free of.
FREE_OF = re.compile(r"\b(?:free|clean) (?:of|from)$")
# A risk word used as a topic rather than about the writer: "research on suicide", "died by suicide".
TOPIC_FRAME = re.compile(r"\b(?:for|on|about|around|regard|into|of|to|by|after|in|specialise in|specialize in|link to|prevent|prevention|awareness|survivor|survive|statistic|rate)$")
TOPIC_WORDS = re.compile(r"\b(?:recover\S*|cluster|theme|song|lyric|relate|relationship|link|connection|difference|research|study|studies|statistic|stats|dissertation|essay|project|article|journalist|report|guideline|prevention|awareness|bereave\S*|service|helpline|counsell?or|therapist|specialis\S*|specializ\S*|documentary|book|film|podcast|lecture|class|course|training|charity|campaign|rate|common|sign|warning sign|risk factor|science)\b")
FIRST = {"i", "me", "my", "myself", "mine"}
THIRD = {
    "he", "she", "they", "him", "her", "them", "his", "hers", "their", "friend", "mate", "bestie", "brother", "sister",
    "mum", "mom", "mother", "dad", "father", "son", "daughter", "partner", "boyfriend", "girlfriend", "husband", "wife",
    "colleague", "coworker", "someone", "somebody", "people", "person", "kid", "child", "student", "patient", "client",
    "teen", "teenager", "flatmate", "roommate", "housemate", "cousin", "aunt", "uncle", "grandma", "grandad", "grandpa",
    "anyone", "everyone", "character", "lad", "lads", "guy", "girl", "boy", "man", "woman", "nan", "neighbour",
}
PAST = re.compile(r"\b(?:use to|used to|ago|in the past|back then|back in|as a teen|as a teenager|as a kid|when i be (?:\d+|young|younger|little|a teen|a teenager|a kid|at school|in school|at uni|in)|at school|at uni|in my teen|in my twenties|a long time ago|last (?:winter|summer|spring|autumn|fall|year|decade)|during my|from \d+ to \d+|in \d{4}|remember when|for years|after years of|period of my life|period|that time|at my worst|be in hospital after|survivor|survive|for (?:many )?years?|after (?:many )?years? of|spend (?:a|\S+) (?:year|month)s?|(?:that|it|this) be (?:in |back in )?\d{4})\b")
RECOVERED = re.compile(r"\b(?:now i (?:be|have|feel|love|know|wake|enjoy|look forward|work|study|help)|i be (?:do )?(?:much |so much |a lot |way )?better now|do (?:\S+ )?(?:well|great|good|better|ok|okay)(?: now)?|feel (?:\S+ ){0,2}(?:better|good|great|positive|alive|proud|happy)(?: now| again)?|recover\S*|year clean|years clean|clean for|free of|free from|(?:a |in a )?(?:good|better|much better) place|glad i be still here|glad i stay|got through it|get through it|come out the other side|happy now|life be good|a life i love|love my life|thankfully|since then|thing (?:do )?get better|it (?:do )?get better|get better|behind me|long behind|well for a long time|be well|(?:it|it be|it have) be \S+ year|feel (?:\S+ ){0,2}(?:calm|peaceful|content|hopeful|settled)|therapy help|get help and|today i (?:get|turn|graduate|marry)|turn \d+)\b")
PRESENT_RISK_MARKERS = re.compile(r"\b(?:again|relapse|lately|recently|right now|tonight|these day|this week|still|anymore|any more|keep|start)\b")

CONTEMPLATING = re.compile(r"\b(?:think|thought|fantasi[sz]e|dream|consider|contemplate|obsess|plan|research how|google|look up)\S* (?:about|of|into)?$")
TOPIC_PRONE = {"suicide_first_person", "self_harm_words", "relapse"}
IDIOM_AFTER = re.compile(r"^(?:of|for|laugh|lol|haha|lmao|inside|a little)\b")


@lru_cache(maxsize=1)
def _lemma_table() -> Dict[str, str]:
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        table = json.load(handle)
    # Lookup lemmas that would hide meaning here ("dying" -> "dye", "better" -> "well").
    table.update({"dying": "die", "died": "die", "dies": "die", "better": "better", "worse": "worse", "best": "best",
                  "left": "left", "saw": "see", "lying": "lie", "meds": "meds", "born": "born", "cos": "cos", "longer": "longer", "missed": "missed", "well": "well", "deeper": "deeper", "burden": "burden", "gone": "gone",
                  "clothes": "clothe", "ended": "end", "ending": "end", "kms": "kms", "cutting": "cut", "leaving": "leave"})
    return table


CONTRACTIONS = {
    "im": "i am", "ive": "i have", "id": "i would", "ill": "i will", "dont": "do not", "doesnt": "does not",
    "didnt": "did not", "cant": "can not", "cannot": "can not", "wont": "will not", "wouldnt": "would not",
    "couldnt": "could not", "shouldnt": "should not", "isnt": "is not", "arent": "are not", "wasnt": "was not",
    "werent": "were not", "havent": "have not", "hasnt": "has not", "hadnt": "had not", "aint": "am not",
    "wanna": "want to", "gonna": "going to", "gotta": "got to", "u": "you", "ur": "your", "rn": "right now",
    "idk": "i do not know", "imma": "i am going to", "tryna": "trying to", "cuz": "because", "bc": "because",
    "youre": "you are", "theyre": "they are", "hes": "he is", "shes": "she is", "thats": "that is",
    "theres": "there is", "its": "it is", "whats": "what is", "noone": "no one", "n": "and", "2": "to", "ppl": "people",
    # Typos and spellings seen in real messages.
    "sucidal": "suicidal", "suicidial": "suicidal", "suicdal": "suicidal", "suicidel": "suicidal", "sucidial": "suicidal",
    "suacidal": "suicidal", "suisidal": "suicidal", "suicidale": "suicidal", "sucide": "suicide", "suicde": "suicide",
    "suiside": "suicide", "suicied": "suicide", "wnat": "want", "wamt": "want", "wnt": "want", "wan": "want",
    "kil": "kill", "kll": "kill", "myslef": "myself", "myslf": "myself", "mysef": "myself", "myelf": "myself",
    "meself": "myself", "mysefl": "myself", "dye": "die", "diee": "die", "ded": "dead", "alrdy": "already",
    "anymore": "anymore", "nomore": "no more", "selfharm": "self harm", "self-harm": "self harm", "sh'd": "self harmed",
    "od'd": "overdosed", "swalowed": "swallowed", "swallowd": "swallowed", "swolled": "swallowed", "swalowd": "swallowed", "odd": "overdosed", "oding": "overdosing", "unalived": "unalive", "burdon": "burden",
    "bc": "because", "tmrw": "tomorrow", "tonite": "tonight", "pils": "pills", "pilss": "pills",
}
# "ill" is far more often "sick" than "I will" in this domain.
CONTRACTIONS.pop("ill")
CONTRACTIONS.pop("odd")


APOSTROPHE = {"ll": "will", "re": "are", "ve": "have", "d": "would", "m": "am"}


def normalise(text: str) -> List[str]:
    """Lower-cased words with contractions and typos expanded (apostrophes dropped first)."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"\b(\w+)'(ll|re|ve|d|m)\b", lambda m: f"{m.group(1)} {APOSTROPHE[m.group(2)]}", text)
    text = re.sub(r"\b(\w+)'(\w+)\b", r"\1\2", text)
    text = text.replace("-", " ")
    words = re.findall(r"[a-z0-9]+|,", text)
    out: List[str] = []
    for word in words:
        out.extend(CONTRACTIONS.get(word, word).split())
    return out


def lemmatise(words: List[str]) -> List[str]:
    table = _lemma_table()
    return [table.get(word, word) for word in words]


@dataclass(frozen=True)
class Match:
    category: str
    name: str
    span: str
    cancelled_by: Optional[str] = None


@dataclass
class Assessment:
    """What the lexicon found: risk matches that stand, and ones explained away (with why)."""

    matches: List[Match] = field(default_factory=list)

    @property
    def risk(self) -> bool:
        return any(m.cancelled_by is None for m in self.matches)

    @property
    def standing(self) -> List[Match]:
        return [m for m in self.matches if m.cancelled_by is None]

    @property
    def explained_away(self) -> bool:
        """Risk words were present but every one was cancelled (negated, someone else, past, idiom)."""
        return bool(self.matches) and not self.risk

    @property
    def category(self) -> Optional[str]:
        return self.standing[0].category if self.risk else None

    def reason(self) -> str:
        if self.risk:
            first = self.standing[0]
            return f"{first.category}:{first.name}"
        return ",".join(sorted({f"{m.name}({m.cancelled_by})" for m in self.matches}))


@lru_cache(maxsize=1)
def _compiled() -> List[Tuple[str, str, Pattern[str]]]:
    return [(category, name, re.compile(rx)) for category, pats in PATTERNS.items() for name, rx in pats]


CLAUSE_BREAK = re.compile(r"[.!?;\n]+|\bbut\b|\bhowever\b|\balthough\b|\bthough\b")


def _clauses(text: str) -> List[Tuple[str, str]]:
    """Each clause twice, as lemmas (meaning) and as normalised words (forms lemmas would blur),
    each paired with both forms together for the context checks."""
    clauses = []
    for part in CLAUSE_BREAK.split(text):
        words = normalise(part)
        if words:
            lemmas, surface = " ".join(lemmatise(words)), " ".join(words)
            both = f"{lemmas} | {surface}"
            clauses += [(lemmas, both), (surface, both)]
    return clauses


def _subject_is_other(before: str) -> bool:
    """Whether the nearest person word before a match is someone else rather than the writer."""
    for word in reversed(before.split()[-8:]):
        if word in FIRST:
            return False
        if word in THIRD:
            return True
    return False


def _negated(before: str, after_match: str) -> bool:
    """A negator among the few words before the match, not one like "can't stop" that intensifies."""
    words = before.split()[-5:]
    if FREE_OF.search(" ".join(words)):
        return True
    following = words[1:] + after_match.split()[:1]
    return any(word in NEGATORS and following[i] not in NOT_A_NEGATION_BEFORE for i, word in enumerate(words))


def assess(text: str) -> Assessment:
    """Find risk language in ``text`` and decide, clause by clause, whether each match stands."""
    result = Assessment()
    words = normalise(text)
    past_and_well = bool(RECOVERED.search(" ".join(lemmatise(words))) or RECOVERED.search(" ".join(words)))
    seen = set()
    for clause, both in _clauses(text):
        for category, name, pattern in _compiled():
            for found in pattern.finditer(clause):
                if (name, found.start(), clause[:5]) in seen:
                    continue
                seen.add((name, found.start(), clause[:5]))
                before = clause[: found.start()].strip()
                after = clause[found.end():].strip()
                reason = _cancelled(name, clause, both, before, found.group(0), after, past_and_well)
                result.matches.append(Match(category, name, found.group(0), reason))
    for whole_text_check in (_identification, _scouting, _going_over, _safe_but_not):
        found_match = whole_text_check(text)
        if found_match and not (past_and_well and PAST.search(" ".join(normalise(text)))):
            result.matches.append(found_match)
    return result


SOMEONE_ELSES_SUICIDE = re.compile(r"\b(?:end|ended|take|took) (?:her|his|their) (?:own )?life\b|\bkill\S* (?:himself|herself|themselves)\b|\b(?:die|died) by suicide\b|\blost (?:\S+ ){0,3}to suicide\b")
IDENTIFYING = re.compile(r"\b(?:follow\S*|go\S*|head\S*|walk\S*|on) (?:down )?the same (?:road|path|way)\b|\bi (?:be|am|will be|would be) next\b|\b(?:join|be with) (?:him|her|them)\b|\b(?:feel|be) inevitable\b|\bsame (?:thing|way) (?:as|like) (?:her|him|them)\b")


# Places only: bare "track" and "platform" ("keep track", "a platform for") would fire on everyday talk.
HIGH_PLACE = re.compile(r"\b(?:footbridge|bridge|flyover|overpass|rooftop|roof|cliff|ledge|multi storey|railway|railway line|train track|platform edge)s?\b")
ALONE_THERE = re.compile(r"\b(?:what time|when) (?:it|its|it's|it is|it be)\S* (?:\S+ ){0,1}(?:quiet|quietest|empty|deserted)\b|\bnobody (?:would |will )?(?:be )?around\b|\bno one (?:would |will )?(?:see|be around)\b")


def _together(category: str, name: str, first: Pattern, second: Pattern) -> Callable[[str], Optional[Match]]:
    """A whole-text check: two meanings anywhere in the message, even sentences apart, are risk together."""

    def check(text: str) -> Optional[Match]:
        words = " ".join(normalise(text))
        one, other = first.search(words), second.search(words)
        return Match(category, name, f"{one.group(0)} … {other.group(0)}") if one and other else None

    return check


GOING_OVER = re.compile(r"\b(?:think|thought|imagin|picture|tempt|urge|want|wonder)\S* (?:about |of )?(?:just )?"
                        r"(?:walk|step|jump|go|throw)\S* (?:myself )?(?:off|over)"
                        r"(?= ?$| ,| (?:it|the (?:edge|side|top|cliff|bridge|roof|ledge|railing|rail)|and|but|i|into|again|tonight|now)\b)")
"""Off or over nothing, or over the edge: not "walking off the job" or "going over the river"."""

# Someone close died by suicide and the writer sees themselves on the same path.
_identification = _together("ideation", "identification", SOMEONE_ELSES_SUICIDE, IDENTIFYING)
# Going to a high place or a railway and working out when nobody is there: a plan.
_scouting = _together("plan_means", "scouting_place", HIGH_PLACE, ALONE_THERE)
# At a cliff, bridge or roof and thinking about walking or stepping off.
_going_over = _together("ideation", "going_over", HIGH_PLACE, GOING_OVER)


SAFE_BUT_NOT = re.compile(r"\bsafe\b(?: (?!with\b)\S+){0,3} but not (?:now|anymore|any more|tonight|right now)\b|^(?:am i )?safe not(?: really| at all| sure)?$")
"""Safety taken back within the message ("safe earlier but not now", "safe? not really"), across the clause break."""


def _safe_but_not(text: str) -> Optional[Match]:
    """A word about being safe, then taken back: the classifier reads any "safe" as being safe."""
    words = " ".join(w for w in normalise(text) if w != ",")
    found = SAFE_BUT_NOT.search(words)
    return Match("danger", "safe_but_not", found.group(0)) if found else None


def _cancelled(name: str, clause: str, both: str, before: str, span: str, after: str, past_and_well: bool) -> Optional[str]:
    """Why a match does not stand (None when it does)."""
    if name not in NEGATION_IS_RISK and _negated(before, span):
        return "negated"
    if name not in INHERENTLY_FIRST_PERSON and _subject_is_other(before):
        return "someone else"
    if name in TOPIC_PRONE and _about_the_topic(both, before):
        return "about the topic"
    if name == "want_to_die" and IDIOM_AFTER.search(after):
        return "idiom"
    if past_and_well and PAST.search(both) and not PRESENT_RISK_MARKERS.search(_near(clause, span)):
        return "past and resolved"
    return None


FIRST_PERSON_VERB = re.compile(r"\bi (?:\S+ ){0,2}$")
QUESTION = re.compile(r"^(?:what|why|how|is|are|do|does|can|could|should|where|when|which|who|any|anyone)\b")
FIRST_PERSON = re.compile(r"\b(?:i|me|my|myself)\b")


def _about_the_topic(clause: str, before: str) -> bool:
    """Risk words used as a subject of study, a service or someone else's story, not the writer's state."""
    if FIRST_PERSON_VERB.search(before) and not QUESTION.search(clause):
        return False
    if TOPIC_FRAME.search(before) and not CONTEMPLATING.search(before):
        return True
    topic_words = len(TOPIC_WORDS.findall(clause))
    if QUESTION.search(clause) and (topic_words or not FIRST_PERSON.search(clause)):
        return True
    return topic_words >= 2 or (topic_words == 1 and not FIRST_PERSON.search(clause))


def _near(clause: str, span: str) -> str:
    """The match with the few words around it, within its comma-delimited part of the clause."""
    start = clause.find(span)
    left = clause.rfind(",", 0, start)
    right = clause.find(",", start + len(span))
    before = clause[left + 1 : start].split()[-4:]
    after = clause[start + len(span) : right if right >= 0 else len(clause)].split()[:3]
    return " ".join(before + [span] + after)
