# O site inicial que `kintsugi new DIR --language pt` escreve, em português. Traduzido de
# en.ftl. Mantenha os links Markdown e as citações como estão: o texto entre [colchetes ou
# parênteses retos] é traduzido; o destino entre (parênteses) e `[@doe2020]`, não.

site-title = O meu guia
site-description = Um guia passo a passo.
home-welcome = Boas-vindas! Comece pelo [primeiro passo](steps/first-step.md).

steps-title = Passos
steps-description = Os passos do programa, do primeiro ao último.
steps-body = Siga os passos um a um, ao seu próprio ritmo.

step-title = O primeiro passo
step-description = Onde o programa começa.
step-heading = De que trata este passo
step-body = Escreva aqui o seu guia. Cite as suas fontes assim [@doe2020].
step-next = Quando chegar o momento, preencha [a ficha de exercícios](../worksheets/first-step.md).

worksheets-title = Fichas de exercícios
worksheets-description = Fichas de exercícios para imprimir, uma por passo.
worksheets-body = Preencha-as no navegador ou imprima-as. As respostas ficam no seu dispositivo.

sheet-title = Ficha de exercícios: O primeiro passo
sheet-description = Perguntas para acompanhar o primeiro passo.
sheet-name = Nome
sheet-date = Data
sheet-prompt = O que espera mudar?
sheet-scale = Até que ponto se sente preparado ou preparada?
sheet-scale-low = Nada
sheet-scale-high = Completamente
sheet-check = Li o guia deste passo

book-title = Um livro que vale a pena citar
