"""Community digital teams (tổ công nghệ số cộng đồng): helpers staff approve
for named communes, who apply to sell on behalf of households (with their
recorded consent) and then work in a household's workspace with the rights
its own user grants, every action logged for the household to read."""
